import type { HubEvent } from '@hub/messages';

/**
 * An event as JSON text for the HTTP feeds and the history. Binary fields, which socket.io sends
 * as binary, become `{"$binary": "<base64>"}` here (JSON has no bytes).
 */
export function eventToJson(event: HubEvent): string {
  return JSON.stringify(event, binaryAsBase64);
}

function binaryAsBase64(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify has already called Buffer#toJSON on `value`; the holder still has the Buffer.
  const raw = (this as Record<string, unknown>)[key];
  if (Buffer.isBuffer(raw)) return { $binary: raw.toString('base64') };
  if (raw instanceof Uint8Array) return { $binary: Buffer.from(raw).toString('base64') };
  return value;
}

/** One Server-Sent Events message. `data` must not contain newlines (JSON text never does). */
export function sseMessage(id: number | null, event: string, data: string): string {
  return `${id !== null ? `id: ${id}\n` : ''}event: ${event}\ndata: ${data}\n\n`;
}
