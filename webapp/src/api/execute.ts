import { request } from './http';
import type { HubResponse } from './wire';

/** What an action answered: its output, or the hub's errors with the HTTP status. */
export interface ActionResult<T = unknown> {
  ok: boolean;
  status: number;
  output: T;
  errors: string[];
}

/** Runs `action` through `POST /execute` (api.md §3); never throws for a 4xx/5xx. */
export async function executeAction<T = unknown>(
  action: string,
  args: Record<string, unknown> = {},
): Promise<ActionResult<T>> {
  const res = await request<HubResponse | string>('/execute', { body: { type: 'request', action, args } });
  const response = typeof res.body === 'object' && res.body !== null ? res.body.response : undefined;
  const errors =
    response?.errors ?? (res.ok ? [] : [typeof res.body === 'string' ? res.body : `HTTP ${res.status}`]);
  return { ok: res.ok && errors.length === 0, status: res.status, output: response?.output as T, errors };
}
