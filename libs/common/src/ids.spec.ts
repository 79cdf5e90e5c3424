import { describe, expect, it } from 'vitest';

import { newId } from './ids';

describe(newId.name, () => {
  it('gives 32-hex ids that do not repeat, across pool refills', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
