import { describe, expect, it } from 'vitest';

import { originAccess } from './origin-check';

describe(originAccess.name, () => {
  it('trusts clients without an Origin (scripts authenticate with tokens)', () => {
    expect(originAccess(undefined, 'hub.lan:8008', [])).toBe('trusted');
  });

  it("trusts the hub's own origin and listed origins", () => {
    expect(originAccess('http://hub.lan:8008', 'hub.lan:8008', [])).toBe('trusted');
    expect(originAccess('https://tablet.lan', 'hub.lan:8008', ['https://tablet.lan'])).toBe('trusted');
  });

  it("admits other origins through '*' only without cookies", () => {
    expect(originAccess('https://evil.example', 'hub.lan:8008', ['*'])).toBe('wildcard');
  });

  it('refuses unlisted, look-alike and malformed origins', () => {
    expect(originAccess('https://evil.example', 'hub.lan:8008', ['https://tablet.lan'])).toBe('refused');
    expect(originAccess('https://tablet.lan.evil.example', 'hub.lan:8008', ['https://tablet.lan'])).toBe(
      'refused',
    );
    expect(originAccess('not a url', 'hub.lan:8008', [])).toBe('refused');
  });
});
