import type { CompiledExpression } from './expression';
import { ExpressionError } from './expression';
import { toText } from './functions';
import type { Scope } from './scope';
import { splitTemplate } from './template';

type Quote = '"' | "'" | null;

/**
 * A string `cmd` with `${...}` parts, for the actions that run command lines (`shell.exec`,
 * `shell.start`). Substituting first and splitting afterwards would let a webhook caller add
 * arguments (`msg: "x --delete-all"`), so the literal text is split into words once, here, and
 * what each expression returns goes whole into the word it stands in, as if it were in double
 * quotes. For `shell: true` the line stays one string for `/bin/sh -c` and every value is quoted
 * for the place it stands in (outside quotes, inside '...', inside "..."), so data never becomes
 * shell syntax.
 */
export interface CommandTemplate {
  (scope: Scope, shell: boolean): string[] | string;
}

/** Literal text as written, or an expression with the quotes it stands in. */
type ShellPiece = string | { expression: CompiledExpression; quote: Quote };

/** Compiles `text`; throws ExpressionError for a bad expression or an unterminated quote. */
export function compileCommandTemplate(text: string): CommandTemplate {
  const parts = splitTemplate(text);
  const words: Array<Array<string | CompiledExpression>> = [];
  const shellPieces: ShellPiece[] = [];
  let word: Array<string | CompiledExpression> = [];
  let literal = '';
  let inWord = false;
  let quote: Quote = null;
  // A backslash just before `${` would escape the quote put around the value under `shell: true`.
  let danglingBackslash = false;
  const endWord = () => {
    if (literal) word.push(literal);
    if (inWord) words.push(word);
    word = [];
    literal = '';
    inWord = false;
  };

  for (const part of parts) {
    if (typeof part !== 'string') {
      if (danglingBackslash)
        throw new ExpressionError(`cmd: a backslash just before \${...} in '${text.slice(0, 80)}'`);
      if (literal) word.push(literal);
      literal = '';
      word.push(part);
      inWord = true;
      shellPieces.push({ expression: part, quote });
      continue;
    }
    shellPieces.push(part);
    danglingBackslash = false;
    // The same rules as splitCommandLine (shell plugin), applied to the literal text only.
    for (let i = 0; i < part.length; i++) {
      const c = part[i];
      if (quote === "'") {
        if (c === "'") quote = null;
        else literal += c;
      } else if (quote === '"') {
        if (c === '"') quote = null;
        else if (c === '\\' && i + 1 < part.length && '"\\$`'.includes(part[i + 1])) literal += part[++i];
        else {
          literal += c;
          danglingBackslash = c === '\\' && i + 1 === part.length;
        }
      } else if (c === "'" || c === '"') {
        quote = c;
        inWord = true;
      } else if (c === '\\' && i + 1 < part.length) {
        literal += part[++i];
        inWord = true;
      } else if (c === '\\') {
        literal += c;
        inWord = true;
        danglingBackslash = true;
      } else if (/\s/.test(c)) {
        endWord();
      } else {
        literal += c;
        inWord = true;
      }
    }
  }
  if (quote) throw new ExpressionError(`cmd: unterminated ${quote} quote in '${text.slice(0, 80)}'`);
  endWord();

  return (scope, shell) => {
    if (shell) {
      return shellPieces
        .map((p) => (typeof p === 'string' ? p : shellQuote(toText(p.expression.evaluate(scope)), p.quote)))
        .join('');
    }
    return words.map((pieces) =>
      pieces.map((p) => (typeof p === 'string' ? p : toText(p.evaluate(scope)))).join(''),
    );
  };
}

/** True when `text` has a `${...}` and is not one expression alone (that one hands its value over). */
export function isCommandTemplate(text: string): boolean {
  if (!text.includes('${')) return false;
  const parts = splitTemplate(text);
  return !(parts.length === 1 && typeof parts[0] !== 'string');
}

/** `value` as literal text for /bin/sh at a place inside `quote`. */
function shellQuote(value: string, quote: Quote): string {
  if (quote === "'") return value.replace(/'/g, `'\\''`);
  if (quote === '"') return value.replace(/[\\"$`]/g, '\\$&');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
