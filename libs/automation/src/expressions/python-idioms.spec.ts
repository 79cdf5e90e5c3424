import { describe, expect, it } from 'vitest';

import { readCaseInsensitively } from '@hub/messages';

import { CompiledExpression, ExpressionError } from './expression';
import { Scope } from './scope';
import { compileTemplate, parseBareExpression } from './template';

const evaluate = (source: string, vars: Record<string, unknown> = {}) =>
  CompiledExpression.parse(source).evaluate(new Scope(null, vars));

describe('Python idioms in ${...} (the safe evaluator, never eval)', () => {
  it('is None / is not None, with a missing value counting as None', () => {
    expect(evaluate('light is None', { light: null })).toBe(true);
    expect(evaluate('light is None')).toBe(true);
    expect(evaluate('light is not None', { light: 0 })).toBe(true);
    expect(evaluate('light is not None and light < 110', { light: 90 })).toBe(true);
    expect(evaluate('light is not None and light < 110', { light: null })).toBe(false);
    expect(evaluate('flag is True', { flag: true })).toBe(true);
  });

  it('not in', () => {
    expect(evaluate('"x" not in ["a", "b"]')).toBe(true);
    expect(evaluate('"a" not in ["a", "b"]')).toBe(false);
    expect(evaluate('"key" not in d', { d: { key: 1 } })).toBe(false);
    // The words inside a string are text, not operators.
    expect(evaluate('"is not" + " not in"')).toBe('is not not in');
  });

  it('.get(key, default) on mappings, dict literals as defaults', () => {
    const track = { artist: 'Nina Simone', title: null };
    expect(evaluate("track.get('artist') and track.get('title')", { track })).toBeNull();
    expect(evaluate("track.get('album', 'unknown')", { track })).toBe('unknown');
    expect(evaluate("track.get('album')", { track })).toBeNull();
    expect(evaluate("context.get('args', {})", { context: {} })).toEqual({});
    expect(evaluate("args.get('headers', {}).get('x-token')", { args: {} })).toBeNull();
    expect(evaluate("{'a': 1, 'b': [2]}")).toEqual({ a: 1, b: [2] });
  });

  it('len(), str(), int(), float()', () => {
    expect(evaluate('len(items) > 1', { items: [1, 2] })).toBe(true);
    expect(evaluate('len("abc") + len({"a": 1})')).toBe(4);
    expect(evaluate('int(light or 0) < 110', { light: '95' })).toBe(true);
    expect(evaluate('float("2.5") * 2')).toBe(5);
    expect(evaluate('str(21) + "°"')).toBe('21°');
  });

  it("the string methods platypush's docs use", () => {
    const vars = { phrase: '  Turn On The Lights  ', csv: 'a,b,,c' };
    expect(evaluate('phrase.strip().lower()', vars)).toBe('turn on the lights');
    expect(evaluate('phrase.upper().strip()', vars)).toBe('TURN ON THE LIGHTS');
    expect(evaluate('phrase.strip().startswith("Turn")', vars)).toBe(true);
    expect(evaluate('phrase.split()', vars)).toEqual(['Turn', 'On', 'The', 'Lights']);
    expect(evaluate('csv.split(",")', vars)).toEqual(['a', 'b', '', 'c']);
    expect(evaluate('csv.split(",", 1)', vars)).toEqual(['a', 'b,,c']);
    expect(evaluate('"-".join(["a", "b"])')).toBe('a-b');
    expect(evaluate('"xxhixx".strip("x")')).toBe('hi');
  });

  it('refuses a method on the wrong kind of value while running, as Python raises', () => {
    expect(() => evaluate('n.lower()', { n: 5 })).toThrow(/\.lower\(\) needs a string, got a number/);
    expect(() => evaluate('s.get("x")', { s: 'text' })).toThrow(ExpressionError);
  });

  it('still calls nothing else: no unknown methods, no Python internals, no prototype', () => {
    expect(() => CompiledExpression.parse('s.constructor("x")')).toThrow(/only these functions/);
    expect(() => CompiledExpression.parse('d.__class__')).not.toThrow(); // a read: gives nothing
    expect(evaluate('d.__class__', { d: {} })).toBeUndefined();
    expect(() => CompiledExpression.parse('Config.get("device_id")')).toThrow(/Python internals/);
    expect(() => CompiledExpression.parse('__import__("re")')).toThrow(/Python internals/);
    expect(() => CompiledExpression.parse('__import__("os").system("id")')).toThrow(ExpressionError);
    expect(() => CompiledExpression.parse('{"a": 1}.toString()')).toThrow(ExpressionError);
  });

  it('works in if ${...} statements and templates', () => {
    const test = parseBareExpression("${track.get('artist') is not None}");
    expect(test.evaluate(new Scope(null, { track: { artist: 'x' } }))).toBe(true);
    const template = compileTemplate({ who: "${args.get('name', 'world').upper()}" });
    expect(template(new Scope(null, { args: {} }))).toEqual({ who: 'WORLD' });
  });
});

describe('webhook headers in hook data', () => {
  it("reads headers['X-Token'] and headers.get('X-Token') from the lower-cased names", () => {
    const headers = { 'x-token': 'secret', 'content-type': 'application/json' };
    readCaseInsensitively(headers);
    expect(evaluate("headers['X-Token'] == 'secret'", { headers })).toBe(true);
    expect(evaluate("headers.get('Content-Type')", { headers })).toBe('application/json');
    expect(evaluate("headers['X-Missing']", { headers })).toBeUndefined();
  });

  it('leaves other mappings case-sensitive', () => {
    expect(evaluate("d['Key']", { d: { key: 1 } })).toBeUndefined();
  });
});
