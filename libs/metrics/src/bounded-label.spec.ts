import { describe, expect, it } from 'vitest';

import { BoundedLabel, OTHER_LABEL } from './bounded-label';

describe(BoundedLabel.name, () => {
  it('keeps the first values as they are and reports later ones as other', () => {
    const label = new BoundedLabel(2);
    expect(label.value('a')).toBe('a');
    expect(label.value('b')).toBe('b');
    expect(label.value('c')).toBe(OTHER_LABEL);
    expect(label.value('a')).toBe('a');
  });
});
