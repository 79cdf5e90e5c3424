import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { compileCommandTemplate, isCommandTemplate } from './command-template';
import { Scope } from './scope';

const scope = (data: Record<string, unknown>) => new Scope(null, { data });
const HOSTILE = `a b' "c" $(touch /tmp/x) \`id\` ; rm -rf ~ \\`;

describe('compileCommandTemplate', () => {
  it('keeps each substituted value one argument, whatever spaces or quotes it holds', () => {
    const t = compileCommandTemplate('notify --title "Door ${data.who}" ${data.msg} end');
    expect(t(scope({ who: 'front  door', msg: 'x --delete-all' }), false)).toEqual([
      'notify',
      '--title',
      'Door front  door',
      'x --delete-all',
      'end',
    ]);
  });

  it('joins a value to the literal text it touches and keeps an empty value as an argument', () => {
    const t = compileCommandTemplate("cp --target=${data.dir} '${data.a}' ${data.b}");
    expect(t(scope({ dir: '/t x', a: '', b: '' }), false)).toEqual(['cp', '--target=/t x', '', '']);
  });

  it('quotes values for /bin/sh under shell: true so they stay data', () => {
    const t = compileCommandTemplate(`printf '%s|' ${'${data.v}'} "${'${data.v}'}" '${'${data.v}'}' | cat`);
    const line = t(scope({ v: HOSTILE }), true) as string;
    const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
    expect(out).toBe(`${HOSTILE}|${HOSTILE}|${HOSTILE}|`);
  });

  it('refuses an unterminated quote and a backslash just before ${...}', () => {
    expect(() => compileCommandTemplate("echo '${data.a}")).toThrow(/unterminated ' quote/);
    expect(() => compileCommandTemplate('echo \\${data.a}')).toThrow(/backslash just before/);
  });

  it('leaves a cmd that is one expression, or has none, to the action', () => {
    expect(isCommandTemplate('${data.cmd}')).toBe(false);
    expect(isCommandTemplate('ls -la')).toBe(false);
    expect(isCommandTemplate('ls ${data.dir}')).toBe(true);
  });
});
