import { dataObject } from '@hub/messages';

import { CompiledExpression, ExpressionSyntaxError } from './expression';
import { toText } from './functions';
import type { Scope } from './scope';

/**
 * A config value (string, list, mapping, scalar) with its `${...}` parts parsed once. Evaluating
 * it builds a new value; what the expressions return is inserted as data and never parsed again,
 * so a webhook payload containing `${...}` stays a literal string.
 */
export type Template = (scope: Scope) => unknown;

/**
 * Compiles `value`; throws ExpressionError naming the bad expression. With `keepUnparsable`, a
 * string whose `${...}` does not parse stays literal text (platypush's behaviour) and the error
 * goes to the callback instead.
 */
/** Told where (inside the value) a string was kept as text, and why. */
export type KeepUnparsable = (path: Array<string | number>, message: string) => void;

export function compileTemplate(value: unknown, keepUnparsable?: KeepUnparsable): Template {
  if (typeof value === 'string') {
    try {
      return compileString(value);
    } catch (err) {
      if (!keepUnparsable || !(err instanceof ExpressionSyntaxError)) throw err;
      keepUnparsable([], err.message);
      return () => value;
    }
  }
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileTemplate(item, keepUnparsable && within(keepUnparsable, i)));
    return (scope) => items.map((item) => item(scope));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => [k, compileTemplate(v, keepUnparsable && within(keepUnparsable, k))] as const,
    );
    return (scope) => dataObject(entries.map(([k, t]) => [k, t(scope)] as const));
  }
  return () => value;
}

function within(keep: KeepUnparsable, step: string | number): KeepUnparsable {
  return (path, message) => keep([step, ...path], message);
}

/** `'${a.b}'` gives the value itself (a number stays a number); `'x ${a} y'` gives text. */
export function compileString(text: string): Template {
  const parts = splitTemplate(text);
  if (parts.length === 1 && typeof parts[0] === 'string') return () => text;
  if (parts.length === 1) {
    const only = parts[0] as CompiledExpression;
    return (scope) => only.evaluate(scope);
  }
  return (scope) =>
    parts.map((part) => (typeof part === 'string' ? part : toText(part.evaluate(scope)))).join('');
}

/** Text and parsed expressions, in order. */
export function splitTemplate(text: string): Array<string | CompiledExpression> {
  const parts: Array<string | CompiledExpression> = [];
  let cursor = 0;
  for (;;) {
    const start = text.indexOf('${', cursor);
    if (start < 0) break;
    const end = closingBrace(text, start + 2);
    if (end < 0) throw new ExpressionSyntaxError(`unclosed \${ in '${text.slice(0, 80)}'`);
    if (start > cursor) parts.push(text.slice(cursor, start));
    parts.push(CompiledExpression.parse(text.slice(start + 2, end).trim()));
    cursor = end + 1;
  }
  if (cursor < text.length || parts.length === 0) parts.push(text.slice(cursor));
  return parts;
}

/** Index of the `}` closing an expression that starts at `from`, skipping quoted strings. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The expression of a statement key such as `if ${x > 1}` (the `${}` is optional). */
export function parseBareExpression(text: string): CompiledExpression {
  const trimmed = text.trim();
  const inner = /^\$\{([\s\S]*)\}$/.exec(trimmed);
  return CompiledExpression.parse((inner ? inner[1] : trimmed).trim());
}
