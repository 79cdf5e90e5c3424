import { describe, expect, it } from 'vitest';

import { Condition } from '@hub/messages';

import type { Hook } from '../hooks/hook';
import { HookIndex } from './hook-index';

const hook = (name: string, cond: Record<string, unknown>, priority = 0): Hook => ({
  name,
  source: 'config',
  condition: Condition.compile(cond),
  priority,
  webhook: null,
  actions: [],
  location: 'test',
  run: async () => undefined,
});

describe(HookIndex.name, () => {
  it('finds hooks by type, in priority order, plus type-less ones', () => {
    const index = new HookIndex();
    index.add(hook('low', { type: 'CustomEvent' }, 1));
    index.add(hook('high', { type: 'CustomEvent' }, 5));
    index.add(hook('any', {}, 3));
    index.add(hook('other', { type: 'SensorEvent' }));
    expect(index.candidates('CustomEvent').map((h) => h.name)).toEqual(['high', 'any', 'low']);
    expect(index.matching({ type: 'SensorEvent' }).map((m) => m.hook.name)).toEqual(['any', 'other']);
  });

  it('indexes webhook names and forgets removed hooks', () => {
    const index = new HookIndex();
    index.add(hook('a', { type: 'WebhookEvent', hook: 'door' }));
    expect(index.add(hook('a', { type: 'WebhookEvent', hook: 'x' }))).toBe(false);
    expect(index.webhook('door').map((h) => h.name)).toEqual(['a']);
    index.remove('a');
    expect(index.webhook('door')).toEqual([]);
    expect(index.candidates('WebhookEvent')).toEqual([]);
  });

  it('does not look at hooks of other types', () => {
    const index = new HookIndex();
    for (let i = 0; i < 10_000; i++) index.add(hook(`h${i}`, { type: `Type${i % 100}Event` }));
    index.add(hook('mine', { type: 'WebhookEvent', hook: 'x' }));
    expect(index.candidates('WebhookEvent')).toHaveLength(1);
  });
});
