import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { VariableStore } from '@hub/plugins';

import { collectEvents, nextEvent } from './support/bus-events';
import { execute, run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';

describe('variable plugin', () => {
  let hub: TestHub;
  const dir = makeTempDir();

  beforeAll(async () => {
    hub = await bootHub({ config: TOKEN_CONFIG, dir });
  });
  afterAll(() => hub?.stop());

  it('sets several variables at once and reads them back with their JSON types', async () => {
    expect(
      await run(hub, 'variable.set', { lights: 'on', temp: 21.5, rooms: ['a', 'b'], away: false }),
    ).toEqual({
      success: true,
    });
    expect(await run(hub, 'variable.get', { name: 'temp' })).toEqual({ temp: 21.5 });
    expect(await run(hub, 'variable.get', { name: 'rooms' })).toEqual({ rooms: ['a', 'b'] });
    expect(await run(hub, 'variable.get', { name: 'away' })).toEqual({ away: false });
  });

  it('sets variables from many concurrent requests without a transaction clash', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `concurrent_${i}`);
    const results = await Promise.all(
      names.map((name, i) => execute(hub, { type: 'request', action: 'variable.set', args: { [name]: i } })),
    );
    expect(results.map((r) => r.status)).toEqual(names.map(() => 200));
    const all = (await run(hub, 'variable.list')) as Record<string, unknown>;
    for (const [i, name] of names.entries()) expect(all[name]).toBe(i);
  });

  it('sets variables from simultaneous in-process callers (hooks fork) without a transaction clash', async () => {
    const store = hub.app.get(VariableStore);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set({ [`forked_${i}`]: i, shared: i })));
    for (let i = 0; i < 20; i++) expect(await store.get(`forked_${i}`)).toBe(i);
  });

  it('answers null for a variable never set', async () => {
    expect(await run(hub, 'variable.get', { name: 'never' })).toEqual({ never: null });
  });

  it('lists every variable', async () => {
    const all = (await run(hub, 'variable.list')) as Record<string, unknown>;
    expect(all).toMatchObject({ lights: 'on', temp: 21.5, away: false });
  });

  it('posts VariableChangedEvent with the old value on a change, and nothing when unchanged', async () => {
    const changed = nextEvent(hub, 'VariableChangedEvent', (e) => e.args.name === 'lights');
    await run(hub, 'variable.set', { lights: 'off' });
    expect((await changed).args).toEqual({
      type: 'VariableChangedEvent',
      name: 'lights',
      value: 'off',
      old_value: 'on',
    });
    const seen = collectEvents(hub, 'VariableChangedEvent');
    await run(hub, 'variable.set', { lights: 'off' });
    seen.stop();
    expect(seen.events).toHaveLength(0);
  });

  it('unsets a variable (posting a change to null) and tolerates unsetting it again', async () => {
    const changed = nextEvent(hub, 'VariableChangedEvent', (e) => e.args.name === 'away');
    expect(await run(hub, 'variable.unset', { name: 'away' })).toEqual({ success: true });
    expect((await changed).args).toMatchObject({ value: null, old_value: false });
    expect(await run(hub, 'variable.get', { name: 'away' })).toEqual({ away: null });
    expect(await run(hub, 'variable.unset', { name: 'away' })).toEqual({ success: true });
  });

  it('keeps variables across a restart (persisted in the database)', async () => {
    await hub.stop();
    hub = await bootHub({ config: TOKEN_CONFIG, dir });
    expect(await run(hub, 'variable.get', { name: 'temp' })).toEqual({ temp: 21.5 });
  });

  it.each([
    ['set with nothing to set', 'variable.set', {}],
    ['get without a name', 'variable.get', {}],
    ['get with a non-string name', 'variable.get', { name: 42 }],
    ['unset with an empty name', 'variable.unset', { name: '' }],
    ['list with unexpected arguments', 'variable.list', { name: 'x' }],
  ])('answers 400 for %s', async (_what, action, args) => {
    const { status, body } = await execute(hub, { action, args });
    expect(status).toBe(400);
    expect(body.response.errors.length).toBeGreaterThan(0);
  });
});
