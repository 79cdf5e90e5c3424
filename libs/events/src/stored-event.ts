import { HubError } from '@hub/common';
import type { HubEvent } from '@hub/messages';

/**
 * The event's fields as JSON, computed before anything is done with it: an event that cannot be
 * serialised (a cycle, a BigInt, nesting past the stack) is refused here, before it takes a seq
 * or reaches the history, where it would break every feed that resumes over it.
 */
export function encodeFields(args: Record<string, unknown>): string {
  try {
    return JSON.stringify(args);
  } catch (err) {
    throw HubError.badRequest(`The event cannot be serialised as JSON: ${(err as Error).message}`);
  }
}

/**
 * What the history ring and the event log keep of an event: itself when its fields serialise to
 * at most `maxBytes`, else a copy whose largest fields are replaced by a marker string (and
 * listed in `_truncated`) until it fits. Live listeners still get the whole event.
 */
export function storedForm<E extends HubEvent>(event: E, encodedLength: number, maxBytes: number): E {
  if (encodedLength <= maxBytes) return event;
  const args = { ...(event.args as Record<string, unknown>) };
  const sizes = Object.keys(args)
    .filter((key) => key !== 'type')
    .map((key) => ({ key, bytes: Buffer.byteLength(JSON.stringify(args[key]) ?? '') }))
    .sort((a, b) => b.bytes - a.bytes);
  const truncated: string[] = [];
  let size = encodedLength;
  for (const { key, bytes } of sizes) {
    if (size <= maxBytes) break;
    const marker = `[truncated: ${bytes} bytes]`;
    args[key] = marker;
    truncated.push(key);
    size -= bytes - marker.length - 2;
  }
  args._truncated = truncated;
  return { ...event, args };
}
