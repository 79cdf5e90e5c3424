import { describe, expect, it } from 'vitest';

import { decodePayload, encodePayload } from './mqtt-payload';

describe('decodePayload', () => {
  it('parses JSON objects, arrays and scalars', () => {
    expect(decodePayload(Buffer.from('{"state":"ON"}'))).toEqual({ msg: { state: 'ON' } });
    expect(decodePayload(Buffer.from('[1,2]'))).toEqual({ msg: [1, 2] });
    expect(decodePayload(Buffer.from('21.5'))).toEqual({ msg: 21.5 });
  });

  it('keeps text that is not JSON as text', () => {
    expect(decodePayload(Buffer.from('ON'))).toEqual({ msg: 'ON' });
    expect(decodePayload(Buffer.from('{not json'))).toEqual({ msg: '{not json' });
    expect(decodePayload(Buffer.from('12 apples'))).toEqual({ msg: '12 apples' });
  });

  it('gives bytes that are not UTF-8 as base64', () => {
    expect(decodePayload(Buffer.from([0xff, 0xfe, 0x00, 0x80]))).toEqual({ msg: '//4AgA==', binary: true });
  });
});

describe('encodePayload', () => {
  it('JSON-encodes objects and leaves strings alone', () => {
    expect(encodePayload({ a: 1 })).toBe('{"a":1}');
    expect(encodePayload('ON')).toBe('ON');
    expect(encodePayload(3)).toBe('3');
    expect(encodePayload(null)).toBe('null');
  });
});
