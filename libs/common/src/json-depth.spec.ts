import { describe, expect, it } from 'vitest';

import { jsonTextTooDeep, valueTooDeep } from './json-depth';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe(jsonTextTooDeep.name, () => {
  it('counts objects and arrays, and nothing inside strings', () => {
    expect(jsonTextTooDeep(nested(64), 64)).toBe(false);
    expect(jsonTextTooDeep(nested(65), 64)).toBe(true);
    expect(jsonTextTooDeep(Buffer.from(nested(65)), 64)).toBe(true);
    expect(jsonTextTooDeep(JSON.stringify({ a: '[[[[[[', b: '\\"[[[[' }), 3)).toBe(false);
    expect(jsonTextTooDeep('{"a":{"b":{"c":1}}}', 2)).toBe(true);
  });
});

describe(valueTooDeep.name, () => {
  it('measures parsed values without recursion', () => {
    expect(valueTooDeep(JSON.parse(nested(64)), 64)).toBe(false);
    expect(valueTooDeep(JSON.parse(nested(5000)), 64)).toBe(true);
    expect(valueTooDeep({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(valueTooDeep('text', 0)).toBe(false);
  });
});
