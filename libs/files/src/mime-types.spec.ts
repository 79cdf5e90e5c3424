import { describe, expect, it } from 'vitest';

import { mimeAllowed } from './mime-types';

describe(mimeAllowed.name, () => {
  it('allows everything with an empty list', () => {
    expect(mimeAllowed('text/html', [])).toBe(true);
  });

  it('matches exact types and major/* wildcards, case-insensitively', () => {
    const allowed = ['image/*', 'application/PDF'];
    expect(mimeAllowed('image/png', allowed)).toBe(true);
    expect(mimeAllowed('application/pdf', allowed)).toBe(true);
    expect(mimeAllowed('text/html', allowed)).toBe(false);
    expect(mimeAllowed('imagex/png', allowed)).toBe(false);
    expect(mimeAllowed('text/html', ['*/*'])).toBe(true);
  });
});
