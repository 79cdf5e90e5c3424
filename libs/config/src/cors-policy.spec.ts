import { describe, expect, it } from 'vitest';

import { corsOptions } from './cors-policy';

describe(corsOptions.name, () => {
  it('is off without origins', () => {
    expect(corsOptions({ origins: [], credentials: true })).toBeNull();
  });

  it('lists exact origins (trailing slash dropped) with credentials as configured', () => {
    expect(corsOptions({ origins: ['https://tablet.lan/'], credentials: true })).toMatchObject({
      origin: ['https://tablet.lan'],
      credentials: true,
    });
  });

  it('never combines any origin with credentials', () => {
    expect(corsOptions({ origins: ['*'], credentials: true })).toMatchObject({
      origin: '*',
      credentials: false,
    });
  });
});
