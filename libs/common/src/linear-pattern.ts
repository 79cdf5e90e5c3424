import { RE2JS } from 're2js';

/**
 * A user-supplied regular expression (a hook's `$regex`, a subscription filter, a dry run) that
 * runs in time linear in its input, whatever the pattern: RE2's automaton instead of V8's
 * backtracking engine, so `(a|aa)+$` against a long run of `a`s cannot stall the event loop.
 */
export interface LinearPattern {
  readonly source: string;
  /** Whether the pattern matches anywhere in `input` (like `RegExp.prototype.test`). */
  test(input: string): boolean;
}

/** A pattern RE2 refuses: its syntax is wrong, or it needs backtracking (backreferences, lookaround). */
export class PatternError extends Error {}

const UNSUPPORTED_HINT =
  'patterns use RE2 syntax, which runs in linear time: no backreferences (\\1) and no lookaround ((?=, (?!, (?<=)';

export function compileLinearPattern(source: string): LinearPattern {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, '');
    const unsupported = /invalid escape|unsupported|invalid named capture/.test(reason);
    throw new PatternError(unsupported ? `${reason} (${UNSUPPORTED_HINT})` : reason);
  }
  return { source, test: (input) => compiled.test(input) };
}
