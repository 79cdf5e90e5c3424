import { HubError, invalidJsonMessage, jsonTextTooDeep, tooDeepMessage } from '@hub/common';

/** A webhook call as the controller hands it over: transport-free. */
export interface WebhookCall {
  name: string;
  method: string;
  /** Lower-case names, original content type restored. */
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  rawBody: Buffer;
  contentType: string | undefined;
}

/** What the controller sends back. */
export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Headers never copied into the posted event: credentials of the hub or of the caller. */
const PRIVATE_HEADERS = new Set(['authorization', 'cookie', 'x-token', 'x-session-token', 'x-csrf-token']);

/** `data` of the WebhookEvent: the JSON body, else the text, else null. Always plain data. */
export function parseWebhookData(call: WebhookCall, maxDepth: number): unknown {
  if (call.rawBody.length === 0) return null;
  const text = call.rawBody.toString('utf8');
  if (/[/+]json\b/i.test(call.contentType ?? '')) {
    if (jsonTextTooDeep(text, maxDepth)) throw HubError.badRequest(tooDeepMessage(maxDepth));
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw HubError.badRequest(invalidJsonMessage((err as Error).message));
    }
  }
  return text;
}

/** Headers and query of the event, without credentials and the hook's own secrets. */
export function publicParts(
  call: WebhookCall,
  secretHeaders: string[],
  secretQueryKeys: string[],
): { headers: Record<string, string>; args: Record<string, unknown> } {
  // Plain loops, no Set per call: this runs for every webhook call. fromEntries, not assignment,
  // so that a `__proto__` key stays a plain field.
  const headers: Array<[string, string]> = [];
  for (const name in call.headers) {
    const value = call.headers[name];
    if (value === undefined || PRIVATE_HEADERS.has(name) || secretHeaders.includes(name)) continue;
    headers.push([name, Array.isArray(value) ? value.join(', ') : value]);
  }
  const args: Array<[string, unknown]> = [];
  for (const key in call.query) {
    if (key !== 'token' && !secretQueryKeys.includes(key)) args.push([key, call.query[key]]);
  }
  return { headers: Object.fromEntries(headers), args: Object.fromEntries(args) };
}

const RESPONSE_KEYS = new Set(['status', 'headers', 'body']);
const FORBIDDEN_REPLY_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'set-cookie']);

/**
 * A hook's answer as an HTTP reply. The answer is an envelope `{status, headers, body}` only
 * when it cannot be anything else: a mapping with no other keys, at least `status` or `body`,
 * `status` (if given) an integer 200-599 and `headers` (if given) a mapping. Any other answer is
 * the JSON body of a 200, so platypush's `{status: "ok"}` (its README's reply) is answered as
 * it is, and so is `{status: 1, ...}` data. docs/automation.md states the same rule.
 */
export function replyFromAnswer(value: unknown): WebhookReply {
  if (!isEnvelope(value)) return { status: 200, headers: {}, body: value };
  const { status = 200, headers = {}, body = null } = value;
  return { status, headers: replyHeaders(headers), body };
}

function isEnvelope(value: unknown): value is { status?: number; headers?: object; body?: unknown } {
  if (!isMapping(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => RESPONSE_KEYS.has(k))) return false;
  if (!('status' in value) && !('body' in value)) return false;
  const { status, headers } = value;
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)
  )
    return false;
  return headers === undefined || isMapping(headers);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function replyHeaders(raw: object): Record<string, string> {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    if (FORBIDDEN_REPLY_HEADERS.has(lower) || !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(lower)) continue;
    const text = String(value as string);
    if (/[\r\n]/.test(text)) continue;
    headers.push([lower, text]);
  }
  return Object.fromEntries(headers);
}
