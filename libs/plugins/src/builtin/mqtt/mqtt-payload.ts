const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What MQTTMessageEvent carries for a payload. */
export interface DecodedPayload {
  msg: unknown;
  binary?: true;
}

/**
 * JSON when the payload parses as JSON (platypush does the same), else its text; a payload that
 * is not UTF-8 (a sensor's raw bytes) travels as base64 with `binary: true` rather than mangled.
 */
export function decodePayload(payload: Buffer): DecodedPayload {
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { msg: payload.toString('base64'), binary: true };
  }
  const first = text.trimStart()[0];
  if (first === '{' || first === '[' || first === '"' || /^\s*(-?\d|true|false|null)/.test(text)) {
    try {
      return { msg: JSON.parse(text) as unknown };
    } catch {
      // not JSON after all: the text it is
    }
  }
  return { msg: text };
}

/** Objects and arrays are sent as JSON, strings as they are, numbers and booleans as text. */
export function encodePayload(msg: unknown): string {
  if (typeof msg === 'string') return msg;
  if (typeof msg === 'number' || typeof msg === 'boolean' || typeof msg === 'bigint') return String(msg);
  return JSON.stringify(msg ?? null);
}
