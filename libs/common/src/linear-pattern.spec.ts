import { describe, expect, it } from 'vitest';

import { compileLinearPattern, PatternError } from './linear-pattern';

/** Patterns that take V8's backtracking engine seconds to minutes on 50 characters. */
const CATASTROPHIC = ['(a|aa)+$', '((a+))+$', '(a|a?)+$', 'a*a*a*a*b', '(a+)+$', '(x+x+)+y', '(\\w|\\d)+$'];

describe(compileLinearPattern.name, () => {
  it.each(CATASTROPHIC)('answers %s against a 50-character input in milliseconds', (source) => {
    const pattern = compileLinearPattern(source);
    const input = `${'a'.repeat(49)}!`;
    pattern.test(input); // the first call builds the automaton
    const started = performance.now();
    for (let i = 0; i < 10; i++) pattern.test(input);
    const perCall = (performance.now() - started) / 10;
    // Generous for a shared machine: backtracking needs seconds to minutes here.
    expect(perCall).toBeLessThan(20);
  });

  it('finds matches anywhere in the input, as RegExp.test does', () => {
    expect(compileLinearPattern('^ba[rz]').test('bart')).toBe(true);
    expect(compileLinearPattern('^ba[rz]').test('back')).toBe(false);
    expect(compileLinearPattern('on$').test('lights_on')).toBe(true);
    expect(compileLinearPattern('(?i)LIGHTS').test('lights')).toBe(true);
  });

  it('refuses backreferences and lookaround with a message that says why', () => {
    for (const source of ['(a)\\1', '(?=a)b', '(?!a)b', '(?<=a)b']) {
      expect(() => compileLinearPattern(source)).toThrow(PatternError);
      expect(() => compileLinearPattern(source)).toThrow(/linear time: no backreferences .* no lookaround/);
    }
  });

  it('reports a syntax error plainly', () => {
    expect(() => compileLinearPattern('[a-')).toThrow(/missing closing \]/);
  });
});
