import { describe, expect, it } from 'vitest';

import { redactQueryParameter, redactUrl } from './logger';

describe('redactUrl', () => {
  it('replaces the values of secret query parameters and keeps the rest', () => {
    expect(redactUrl('/auth?a=1&token=abc&b=2')).toBe('/auth?a=1&token=[redacted]&b=2');
    expect(redactUrl('/x?Password=p#frag')).toBe('/x?Password=[redacted]#frag');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });

  it('redacts a name registered at run time, however the URL spells it', () => {
    expect(redactUrl('/hook/h?api_key=s1')).toBe('/hook/h?api_key=s1');
    redactQueryParameter('api_key');
    expect(redactUrl('/hook/h?api_key=s1&n=2')).toBe('/hook/h?api_key=[redacted]&n=2');
    expect(redactUrl('/hook/h?API_KEY=s2')).toBe('/hook/h?API_KEY=[redacted]');
    expect(redactUrl('/hook/h?api%5Fkey=s3')).toBe('/hook/h?api%5Fkey=[redacted]');
    expect(redactUrl('/hook/h?api_key')).toBe('/hook/h?api_key');
    expect(redactUrl('/hook/h?bad%=x&api_key=s4')).toBe('/hook/h?bad%=x&api_key=[redacted]');
  });
});
