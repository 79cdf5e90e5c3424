import { describe, expect, it } from 'vitest';

import { LazyAbort } from './lazy-abort';

describe(LazyAbort.name, () => {
  it('aborts a signal taken before the abort', () => {
    const lazy = new LazyAbort();
    const signal = lazy.signal;
    expect(signal.aborted).toBe(false);
    lazy.abort();
    expect(signal.aborted).toBe(true);
  });

  it('hands out an already aborted signal when asked after the abort', () => {
    const lazy = new LazyAbort();
    lazy.abort();
    expect(lazy.signal.aborted).toBe(true);
  });
});
