import { describe, expect, it } from 'vitest';

import { CompiledExpression, ExpressionError } from './expression';
import { Scope } from './scope';
import { compileTemplate } from './template';

const scope = (vars: Record<string, unknown>) => new Scope(null, vars);
const evaluate = (source: string, vars: Record<string, unknown> = {}) =>
  CompiledExpression.parse(source).evaluate(scope(vars));

describe(CompiledExpression.name, () => {
  it('reads paths, indexes and lengths', () => {
    const vars = { data: { state: 'on', list: [1, 2, 3] } };
    expect(evaluate('data.state', vars)).toBe('on');
    expect(evaluate('data.list[1]', vars)).toBe(2);
    expect(evaluate('data.list[-1]', vars)).toBe(3);
    expect(evaluate('data.list.length', vars)).toBe(3);
    expect(evaluate('data.missing.deeper', vars)).toBeUndefined();
  });

  it('does arithmetic, comparisons and and/or/not', () => {
    expect(evaluate('2 + 3 * 4')).toBe(14);
    expect(evaluate('t > 20 and not cold', { t: 21, cold: false })).toBe(true);
    expect(evaluate('t > 20 or x', { t: 1, x: 'fallback' })).toBe('fallback');
    expect(evaluate('"a" + 1')).toBe('a1');
    expect(evaluate('x == [1, 2]', { x: [1, 2] })).toBe(true);
    expect(evaluate('"b" in ["a", "b"]')).toBe(true);
    expect(evaluate('t >= 5 ? "hot" : "cold"', { t: 4 })).toBe('cold');
    expect(evaluate('True and None == null')).toBe(true);
  });

  it('calls only the listed functions', () => {
    expect(evaluate('len(x) + int("4")', { x: [1, 2] })).toBe(6);
    expect(evaluate('upper(s)', { s: 'hi' })).toBe('HI');
    expect(() => CompiledExpression.parse('process.exit(1)')).toThrow(ExpressionError);
    expect(() => CompiledExpression.parse('x.constructor("return 1")()')).toThrow(ExpressionError);
    expect(() => CompiledExpression.parse('this')).toThrow(ExpressionError);
  });

  it('never reaches the prototype chain', () => {
    const vars = { data: { a: 1 }, text: 'abc' };
    expect(evaluate('data.constructor', vars)).toBeUndefined();
    expect(evaluate('data["__proto__"]', vars)).toBeUndefined();
    expect(evaluate('data.toString', vars)).toBeUndefined();
    expect(evaluate('text.constructor', vars)).toBeUndefined();
    expect(evaluate('hasOwnProperty', vars)).toBeUndefined();
  });

  it('refuses syntax it does not support', () => {
    expect(() => CompiledExpression.parse('a = 1')).toThrow(ExpressionError);
    expect(() => CompiledExpression.parse('x'.repeat(1001))).toThrow(/longer than/);
  });
});

describe('compileTemplate', () => {
  it('keeps the type of a whole-string expression and interpolates mixed text', () => {
    const t = compileTemplate({ n: '${x + 1}', s: 'x is ${x}', list: ['${x}', 'plain'] });
    expect(t(scope({ x: 41 }))).toEqual({ n: 42, s: 'x is 41', list: [41, 'plain'] });
  });

  it('inserts evaluated values as data, never evaluating them again', () => {
    const t = compileTemplate('${data}');
    const hostile = { x: '${process.exit(1)}', __proto__: { polluted: true } };
    const payload = JSON.parse(JSON.stringify(hostile)) as unknown;
    expect(t(scope({ data: '${1 + 1}' }))).toBe('${1 + 1}');
    expect(t(scope({ data: payload }))).toBe(payload);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports an unclosed expression', () => {
    expect(() => compileTemplate('${oops')).toThrow(/unclosed/);
  });
});
