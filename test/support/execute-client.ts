import type { HubResponse } from '@hub/messages';

import type { TestHub } from './test-hub';

/** The global token the action tests configure (`token:` in config.yaml). */
export const TOKEN = 'action-tests-global-token';
export const TOKEN_CONFIG = `token: ${TOKEN}\n`;
export const AS_OWNER = { 'x-token': TOKEN };

export interface Executed {
  status: number;
  body: HubResponse;
}

/** POSTs a raw body (string) or a JSON value to /execute and decodes the envelope. */
export async function execute(
  hub: TestHub,
  request: unknown,
  headers: Record<string, string> = AS_OWNER,
): Promise<Executed> {
  const res = await hub.fetch('/execute', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof request === 'string' ? request : JSON.stringify(request),
  });
  return { status: res.status, body: (await res.json()) as HubResponse };
}

/** Runs `action` and returns its output, failing the test on any error status. */
export async function run(
  hub: TestHub,
  action: string,
  args: Record<string, unknown> = {},
  headers: Record<string, string> = AS_OWNER,
): Promise<unknown> {
  const { status, body } = await execute(hub, { type: 'request', action, args }, headers);
  if (status !== 200) throw new Error(`${action}: ${status} ${JSON.stringify(body.response.errors)}`);
  return body.response.output;
}
