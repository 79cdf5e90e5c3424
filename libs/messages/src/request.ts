import { HubError } from '@hub/common';
import type { HubRequest } from './wire';

const ACTION_NAME = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/;

/** Validates a decoded JSON body as a Request, listing everything wrong with it. */
export function parseRequest(body: unknown): HubRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw HubError.badRequest('The request body must be a JSON object');
  }
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (b.type !== undefined && b.type !== 'request')
    problems.push(`type: expected 'request', got ${JSON.stringify(b.type)}`);
  if (b.action === undefined) problems.push('action: missing');
  else if (typeof b.action !== 'string' || !ACTION_NAME.test(b.action)) {
    problems.push(`action: expected 'plugin.action', got ${JSON.stringify(b.action)}`);
  }
  if (b.args !== undefined && (b.args === null || typeof b.args !== 'object' || Array.isArray(b.args))) {
    problems.push('args: expected an object');
  }
  if (b.id !== undefined && (typeof b.id !== 'string' || b.id.length === 0 || b.id.length > 128)) {
    problems.push('id: expected a string of 1-128 characters');
  }
  if (b.timeout !== undefined && (typeof b.timeout !== 'number' || !(b.timeout > 0))) {
    problems.push('timeout: expected a positive number of seconds');
  }
  if (problems.length > 0) throw HubError.badRequest(problems.join('; '), problems);
  return {
    type: 'request',
    action: b.action as string,
    args: (b.args as Record<string, unknown> | undefined) ?? {},
    id: b.id as string | undefined,
    timeout: b.timeout as number | undefined,
  };
}
