import { describe, expect, it } from 'vitest';

import { readCaseInsensitively, readProperty } from './plain-data';

describe('readCaseInsensitively', () => {
  it('reads lower-cased keys by any casing, and the mark is invisible to JSON, keys and copies', () => {
    const headers = { 'x-token': 'secret', accept: '*/*' };
    readCaseInsensitively(headers);
    expect(readProperty(headers, 'X-Token')).toBe('secret');
    expect(JSON.stringify(headers)).toBe('{"x-token":"secret","accept":"*/*"}');
    expect(Object.keys(headers)).toEqual(['x-token', 'accept']);
    const copy = { ...headers };
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    // A copy is a new mapping: case-sensitive again, as before the mark.
    expect(readProperty(copy, 'X-Token')).toBeUndefined();
  });

  it('can mark the same object twice, and frozen objects too', () => {
    const headers = { host: 'hub.local' };
    readCaseInsensitively(headers);
    readCaseInsensitively(headers);
    expect(readProperty(headers, 'Host')).toBe('hub.local');
    const frozen = Object.freeze({ 'content-type': 'text/plain' });
    readCaseInsensitively(frozen);
    expect(readProperty(frozen, 'Content-Type')).toBe('text/plain');
  });

  it('leaves unmarked objects case-sensitive', () => {
    expect(readProperty({ key: 1 }, 'Key')).toBeUndefined();
    expect(readProperty({ key: 1 }, 'key')).toBe(1);
  });
});
