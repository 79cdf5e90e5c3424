import { describe, expect, it } from 'vitest';

import { numberedName, safeUploadName, uploadMime } from './upload-names';

describe(safeUploadName.name, () => {
  it.each([
    ['photo.jpg', 'image/jpeg', 'photo.jpg'],
    ['../../etc/passwd', undefined, 'passwd'],
    ['..\\..\\boot.ini', undefined, 'boot.ini'],
    ['.bashrc', 'text/plain', 'bashrc.txt'],
    ['...', undefined, 'upload'],
    ['', 'image/png', 'upload.png'],
    [undefined, undefined, 'upload'],
    ['a\u0000b\u0007c.txt', undefined, 'a_b_c.txt'],
    ['rm -rf $(x);.txt', undefined, 'rm -rf _(x)_.txt'],
    ['blob', 'image/png', 'blob.png'],
    ['blob', 'application/octet-stream', 'blob'],
    ['Été à Paris.jpg', undefined, 'Été à Paris.jpg'],
  ])('%j (%s) → %j', (input, type, expected) => {
    expect(safeUploadName(input, type)).toBe(expected);
  });

  it('bounds the length and keeps the extension', () => {
    const name = safeUploadName(`${'é'.repeat(300)}.png`, undefined);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(180);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe(numberedName.name, () => {
  it('numbers before the extension', () => {
    expect(numberedName('a.tar.gz', 0)).toBe('a.tar.gz');
    expect(numberedName('photo.jpg', 2)).toBe('photo-2.jpg');
    expect(numberedName('README', 1)).toBe('README-1');
  });
});

describe(uploadMime.name, () => {
  it('derives the served type from the stored name', () => {
    expect(uploadMime('a.png')).toBe('image/png');
    expect(uploadMime('a')).toBe('application/octet-stream');
  });
});
