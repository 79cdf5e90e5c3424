/**
 * Nesting limits for JSON from outside. V8 parses a 3,000-level body happily, but the recursive
 * code that later walks it (matching, cloning, serialising an event for a feed) can overflow
 * the stack: such bodies are refused at the door instead (400), on every entry point.
 */

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether JSON text nests objects/arrays deeper than `max`; one pass, strings skipped. */
export function jsonTextTooDeep(text: string | Buffer, max: number): boolean {
  const bytes = typeof text === 'string' ? null : text;
  const length = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = bytes ? bytes[i] : (text as string).charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Whether an already-parsed value (a socket.io payload) nests deeper than `max`; iterative. */
export function valueTooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

export function tooDeepMessage(max: number): string {
  return `JSON nested deeper than ${max} levels is refused (backend.http.limits.max_json_depth)`;
}
