import { describe, expect, it } from 'vitest';

import { safeRedirect } from './safe-redirect';

describe(safeRedirect.name, () => {
  it.each([
    ['/', '/'],
    ['/dashboard/main', '/dashboard/main'],
    ['/x?a=1&b=2#top', '/x?a=1&b=2#top'],
    ['/a/b/../c', '/a/c'],
  ])('keeps the same-site path %s', (path, expected) => {
    expect(safeRedirect(path)).toBe(expected);
  });

  it.each([
    '//evil.example',
    '//evil.example/path',
    'https://evil.example/',
    'http:/evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'evil.example',
    '/x\r\nSet-Cookie: a=b',
    '/\tevil',
    '/.//evil.example',
    '/%2e//evil.example',
    '/a/..//evil.example',
    '/./%2e/..//evil.example/x',
    '',
  ])('refuses %j and falls back to /', (target) => {
    expect(safeRedirect(target)).toBe('/');
  });

  it('falls back to the given default for non-strings', () => {
    expect(safeRedirect(undefined, '/home')).toBe('/home');
    expect(safeRedirect(['/a'], '/home')).toBe('/home');
  });
});
