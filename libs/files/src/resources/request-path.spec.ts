import { describe, expect, it } from 'vitest';

import { parseResourceUrl } from './request-path';

describe(parseResourceUrl.name, () => {
  it('splits the mount from the decoded path segments', () => {
    expect(parseResourceUrl('/resources/photos/2024/a%20b.jpg?token=x')).toEqual({
      mount: 'photos',
      segments: ['2024', 'a b.jpg'],
      directory: false,
    });
  });

  it('treats a trailing slash or a bare mount as a directory request', () => {
    expect(parseResourceUrl('/resources/photos')).toEqual({ mount: 'photos', segments: [], directory: true });
    expect(parseResourceUrl('/resources/photos/')).toEqual({
      mount: 'photos',
      segments: [],
      directory: true,
    });
    expect(parseResourceUrl('/resources/photos/sub/')).toEqual({
      mount: 'photos',
      segments: ['sub'],
      directory: true,
    });
  });

  it.each([
    '/resources/photos/../x',
    '/resources/photos/%2e%2e/x',
    '/resources/photos/%2E./x',
    '/resources/photos/./x',
    '/resources/photos/..%2fx',
    '/resources/photos/a%5cb',
    '/resources/photos/a\\b',
    '/resources/photos//etc/passwd',
    '/resources/photos/%2fetc%2fpasswd',
    '/resources/photos/a%00b',
    '/resources/photos/a%0ab',
    '/resources/photos/.git/config',
    '/resources/photos/%c0%ae',
    '/resources/%2e%2e/x',
    '/resources/',
    '/resourcesX/photos/a',
    '/other/photos/a',
  ])('refuses %s', (url) => {
    expect(parseResourceUrl(url)).toBeNull();
  });

  it('decodes once: a double-encoded dot-dot stays a literal (harmless) name', () => {
    expect(parseResourceUrl('/resources/photos/%252e%252e/x')?.segments).toEqual(['%2e%2e', 'x']);
  });
});
