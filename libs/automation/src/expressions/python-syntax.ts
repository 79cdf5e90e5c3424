import type { Expression, IPlugin } from 'jsep';
import type jsep from 'jsep';

/*
 * The Python spellings platypush users write in `${...}` that jsep cannot read as they are:
 * the two-word operators `is not` and `not in` (rewritten to one token each before parsing),
 * and dict literals `{}` / `{'k': v}` (a jsep plugin below). Nothing here evaluates anything.
 */

/** One-token spellings of `is not` / `not in`; registered as jsep binary operators. */
export const IS_NOT = 'is_not';
export const NOT_IN = 'not_in';

/** Rewrites `a is not b` / `a not in b` outside string literals; everything else is kept. */
export function rewriteTwoWordOperators(source: string): string {
  let out = '';
  let code = '';
  const flush = () => {
    out += code.replace(/\bis\s+not\b/g, ` ${IS_NOT} `).replace(/\bnot\s+in\b/g, ` ${NOT_IN} `);
    code = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c !== '"' && c !== "'") {
      code += c;
      continue;
    }
    flush();
    let j = i + 1;
    while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
    out += source.slice(i, j + 1);
    i = j;
  }
  flush();
  return out;
}

export interface DictProperty {
  key: Expression;
  value: Expression;
}

const OPEN = 123; // {
const CLOSE = 125; // }
const COLON = 58;
const COMMA = 44;

/** `{}` and `{key: value, ...}` as `DictExpression` nodes (keys are expressions, as in Python). */
export const dictLiteral = {
  name: 'dict-literal',
  // jsep calls init(jsep), whatever its typings say about `this`.
  init(parser: typeof jsep) {
    parser.hooks.add('gobble-token', function gobbleDict(env) {
      if (this.code !== OPEN) return;
      // Read through a function: TypeScript would keep `this.code` narrowed to OPEN.
      const code = (): number => this.code;
      this.index++;
      const properties: DictProperty[] = [];
      for (;;) {
        this.gobbleSpaces();
        if (code() === CLOSE) {
          this.index++;
          break;
        }
        if (properties.length > 0) {
          if (code() !== COMMA) this.throwError('Expected , or } in a dict');
          this.index++;
          this.gobbleSpaces();
          if (code() === CLOSE) {
            this.index++;
            break;
          }
        }
        const key = this.gobbleExpression();
        if (!key) this.throwError('Expected a dict key');
        this.gobbleSpaces();
        if (code() !== COLON) this.throwError('Expected : after a dict key');
        this.index++;
        const value = this.gobbleExpression();
        if (!value) this.throwError('Expected a dict value');
        properties.push({ key, value });
      }
      env.node = this.gobbleTokenProperty({ type: 'DictExpression', properties });
    });
  },
} as unknown as IPlugin;
