import { describe, expect, it } from 'vitest';

import { ExpressionError, ExpressionSyntaxError } from './expression';
import { Scope } from './scope';
import { compileTemplate } from './template';

const scope = new Scope(null, { name: 'kitchen' });

describe('config text whose ${...} does not parse', () => {
  it('is an error without the keep callback (run-time definitions)', () => {
    expect(() => compileTemplate({ msg: "${context.get('args', {}}" })).toThrow(ExpressionSyntaxError);
  });

  it('is kept as the text it is with the callback, told where inside the value', () => {
    const kept: Array<[Array<string | number>, string]> = [];
    const template = compileTemplate(
      { msg: { args: "${context.get('args', {}}" }, room: '${name}', list: ['ok', '${a +}'] },
      (path, message) => kept.push([path, message]),
    );
    expect(template(scope)).toEqual({
      msg: { args: "${context.get('args', {}}" },
      room: 'kitchen',
      list: ['ok', '${a +}'],
    });
    expect(kept.map(([path]) => path)).toEqual([
      ['msg', 'args'],
      ['list', 1],
    ]);
    expect(kept[0][1]).toMatch(/^cannot parse \$\{context\.get\('args', \{\}\}/);
  });

  it('still refuses Python internals, parsed or not, with the callback', () => {
    const keep = () => {};
    for (const text of ['${__import__("re").sub(r"x", r"\\1", url)}', '${Config.get("x"}'])
      expect(() => compileTemplate(text, keep)).toThrow(/is platypush's Python internals/);
    expect(() => compileTemplate('${Config.get("x")}', keep)).toThrow(ExpressionError);
  });
});
