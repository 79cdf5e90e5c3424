import { describe, expect, it } from 'vitest';

import { pickEncoding } from './content-encoding';

describe(pickEncoding.name, () => {
  const both = { br: 1, gzip: 1 };

  it('prefers brotli when the client takes both', () => {
    expect(pickEncoding('gzip, deflate, br, zstd', both)).toBe('br');
  });

  it('falls back to gzip, then to the plain file', () => {
    expect(pickEncoding('gzip', both)).toBe('gzip');
    expect(pickEncoding(undefined, both)).toBeNull();
    expect(pickEncoding('br', { gzip: 1 })).toBeNull();
  });

  it('honours q=0 and the * wildcard', () => {
    expect(pickEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(pickEncoding('*', both)).toBe('br');
    expect(pickEncoding('*, br;q=0', both)).toBe('gzip');
  });
});
