import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collectEvents, nextEvent } from './support/bus-events';
import { AS_OWNER, execute, run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';
import { waitFor } from './support/wait-for';

const CONFIG = `${TOKEN_CONFIG}
constants:
  base: 100

event.hook.Hot:
  if: {type: SensorEvent, temperature: {$gt: 25}}
  then:
    - action: logger.info
      args: {msg: hot}

event.hook.Bart:
  if: {type: CustomEvent, name: {$regex: '^ba[rz]'}}
  then:
    - action: logger.info
      args: {msg: '\${name}'}

event.hook.Nested:
  if: {type: platypush.message.event.CustomEvent, data: {room: {name: living}}}
  priority: 5
  then:
    - action: logger.info
      args: {msg: nested}

procedure.walk(items, limit):
  - set: {seen: []}
  - for x in \${items}:
      - if \${x == 'skip'}:
          - continue
      - if \${x == 'stop'}:
          - break
      - set: {seen: '\${seen + [x]}'}
  - fork:
      - action: event.post
        args: {subtype: fork_block, value: '\${constants.base + 1}'}
      - action: event.post
        args: {subtype: fork_block, value: 2}
  - action: variable.set
    args: {fork_b: 2}
  - fork n in \${[1, 2, 3]}:
      - action: event.post
        args: {subtype: forked, n: '\${n}'}
  - set: {i: 0}
  - while \${i < limit}:
      - set: {i: '\${i + 1}'}
  - action: variable.get
    args: {name: fork_b}
  - if \${fork_b == 2 and output.fork_b == 2}:
      - return: {seen: '\${seen}', i: '\${i}', fork_b: '\${fork_b}'}
  - else:
      - return: {error: 'output keys not visible'}

cron.Tick:
  cron_expression: '* * * * * *'
  actions:
    - action: event.post
      args: {subtype: tick, base: '\${constants.base}'}
`;

const HELLO_V1 = `
module.exports = (hub) => {
  hub.hook('ScriptHello', { if: { type: 'WebhookEvent', hook: 'hello' } }, async (event, ctx) => {
    await ctx.run('variable.set', { greeted: event.data.name });
    return { status: 200, body: { hello: event.data.name, version: 1 } };
  });
  hub.procedure('double', async (args) => ({ value: args.n * 2 }));
};
`;

const TYPED = `
interface Api { hook(name: string, options: object, handler: () => unknown): void }
export default (hub: Api): void => {
  hub.hook('TypedHook', { if: { type: 'WebhookEvent', hook: 'typed' } }, (): string => 'from ts');
};
`;

const headers = { ...AS_OWNER, 'content-type': 'application/json' };

describe('automation', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: CONFIG,
      files: {
        'scripts/hello.js': HELLO_V1,
        'scripts/typed.ts': TYPED,
        'scripts/broken.js': "throw new Error('kaput');",
      },
    });
  });
  afterAll(() => hub.stop());

  const match = async (event: Record<string, unknown>) => {
    const res = await hub.fetch('/api/v1/hooks/match', {
      method: 'POST',
      headers,
      body: JSON.stringify({ event }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { hooks: Array<{ name: string; source: string; reason: string }> }).hooks;
  };
  const names = async (event: Record<string, unknown>) => (await match(event)).map((h) => h.name);

  describe('platypush matching (POST /api/v1/hooks/match)', () => {
    it('$gt: 25 matches 26 and not 24', async () => {
      expect(await names({ type: 'SensorEvent', temperature: 26 })).toEqual(['Hot']);
      expect(await names({ type: 'SensorEvent', temperature: 24 })).toEqual([]);
    });

    it("$regex: '^ba[rz]' matches 'bart' and not 'back'", async () => {
      expect(await names({ type: 'CustomEvent', name: 'bart' })).toEqual(['Bart']);
      expect(await names({ type: 'CustomEvent', name: 'back' })).toEqual([]);
    });

    it('matches nested dicts partially and says why', async () => {
      const hooks = await match({
        type: 'platypush.message.event.CustomEvent',
        data: { room: { name: 'living', floor: 1 } },
      });
      expect(hooks).toEqual([
        {
          name: 'Nested',
          source: 'config',
          priority: 5,
          reason: 'type is CustomEvent; data.room.name = "living"',
        },
      ]);
      expect(await names({ type: 'CustomEvent', data: { room: { name: 'hall' } } })).toEqual([]);
    });

    it('refuses a body without an event type', async () => {
      const res = await hub.fetch('/api/v1/hooks/match', { method: 'POST', headers, body: '{"event": {}}' });
      expect(res.status).toBe(400);
    });
  });

  it('runs a procedure with every statement kind, called as an action', async () => {
    const forked = collectEvents(hub, 'CustomEvent');
    const output = await run(hub, 'procedure.walk', { items: ['a', 'skip', 'b', 'stop', 'c'], limit: 4 });
    forked.stop();
    expect(output).toEqual({ seen: ['a', 'b'], i: 4, fork_b: 2 });
    const blockValues = forked.events
      .filter((e) => (e.args as Record<string, unknown>).subtype === 'fork_block')
      .map((e) => (e.args as Record<string, unknown>).value);
    expect(blockValues.sort()).toEqual([101, 2].sort());
    const ns = forked.events
      .filter((e) => (e.args as Record<string, unknown>).subtype === 'forked')
      .map((e) => (e.args as Record<string, unknown>).n as number);
    expect(ns.sort()).toEqual([1, 2, 3]);
  });

  it('fires a 6-field every-second cron with the constants in scope', async () => {
    const tick = await nextEvent(hub, 'CustomEvent', (e) => e.args.subtype === 'tick', 3000);
    expect(tick.args.base).toBe(100);
  });

  describe('user scripts', () => {
    it('a script hook answers the webhook caller and runs actions', async () => {
      const res = await hub.fetch('/hook/hello', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name": "ada"}',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ hello: 'ada', version: 1 });
      expect(await run(hub, 'variable.get', { name: 'greeted' })).toEqual({ greeted: 'ada' });
    });

    it('a script procedure is an action; a .ts script works too', async () => {
      expect(await run(hub, 'procedure.double', { n: 21 })).toEqual({ value: 42 });
      const res = await hub.fetch('/hook/typed');
      expect(await res.text()).toBe('from ts');
    });

    it('reports a script that fails to load, and the others keep working', async () => {
      const res = await hub.fetch('/api/v1/hooks', { headers: AS_OWNER });
      const graph = (await res.json()) as {
        scripts: Array<{ file: string; status: string; error?: string; hooks: string[] }>;
      };
      const byFile = Object.fromEntries(graph.scripts.map((s) => [s.file, s]));
      expect(byFile['scripts/broken.js']).toMatchObject({ status: 'failed', error: 'kaput' });
      expect(byFile['scripts/hello.js']).toMatchObject({ status: 'loaded', hooks: ['ScriptHello'] });
      expect(byFile['scripts/typed.ts']).toMatchObject({ status: 'loaded', hooks: ['TypedHook'] });
    });

    it('picks up a changed script without a restart', async () => {
      writeFileSync(join(hub.dir, 'scripts/hello.js'), HELLO_V1.replace('version: 1', 'version: 2'));
      const answer = await waitFor(
        async () => {
          const res = await hub.fetch('/hook/hello', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"name": "bob"}',
          });
          const body = (await res.json()) as { version?: number };
          return body.version === 2 ? body : null;
        },
        { what: 'the reloaded script to answer' },
      );
      expect(answer).toEqual({ hello: 'bob', version: 2 });
    });
  });

  describe('run-time hooks (PUT/DELETE /api/v1/hooks/:name)', () => {
    const definition = {
      if: { type: 'CustomEvent', subtype: 'ping' },
      then: [{ action: 'variable.set', args: { pinged: '${subtype}-${constants.base}' } }],
    };

    it('creates a hook that is live at once, matched, persisted, then deleted', async () => {
      const put = await hub.fetch('/api/v1/hooks/RuntimePing', {
        method: 'PUT',
        headers,
        body: JSON.stringify(definition),
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({ name: 'RuntimePing', status: 'created' });

      const matched = await match({ type: 'CustomEvent', subtype: 'ping' });
      expect(matched).toEqual([expect.objectContaining({ name: 'RuntimePing', source: 'api' })]);

      const posted = await execute(hub, { type: 'request', action: 'event.post', args: { subtype: 'ping' } });
      expect(posted.status).toBe(200);
      await waitFor(
        async () =>
          ((await run(hub, 'variable.get', { name: 'pinged' })) as { pinged: unknown }).pinged === 'ping-100',
        {
          what: 'the run-time hook to set the variable',
        },
      );

      const graph = (await (await hub.fetch('/api/v1/hooks', { headers: AS_OWNER })).json()) as {
        connections: Array<{ from: string; to: string; actions: string[] }>;
      };
      expect(graph.connections).toContainEqual({
        from: 'event:CustomEvent',
        to: 'hook:RuntimePing',
        actions: ['variable.set'],
      });

      const del = await hub.fetch('/api/v1/hooks/RuntimePing', { method: 'DELETE', headers: AS_OWNER });
      expect(del.status).toBe(200);
      expect(await names({ type: 'CustomEvent', subtype: 'ping' })).toEqual([]);
      expect(
        (await hub.fetch('/api/v1/hooks/RuntimePing', { method: 'DELETE', headers: AS_OWNER })).status,
      ).toBe(404);
    });

    it('validates like config hooks and refuses to touch config and script hooks', async () => {
      const bad = await hub.fetch('/api/v1/hooks/Bad', {
        method: 'PUT',
        headers,
        body: JSON.stringify({ if: { type: 'E', x: { $nope: 1 } }, then: [{ action: 'not an action' }] }),
      });
      expect(bad.status).toBe(400);
      const message = ((await bad.json()) as { message: string }).message;
      expect(message).toMatch(/if\.x\.\$nope: unknown operator/);
      expect(message).toMatch(/then\.0\.action/);
      // Config's hook shape without `disabled`: a run-time hook is deleted, not parked.
      const parked = await hub.fetch('/api/v1/hooks/Parked', {
        method: 'PUT',
        headers,
        body: JSON.stringify({ ...definition, disabled: true }),
      });
      expect(parked.status).toBe(400);
      expect(((await parked.json()) as { message: string }).message).toMatch(/disabled/);
      for (const name of ['Hot', 'ScriptHello']) {
        expect(
          (
            await hub.fetch(`/api/v1/hooks/${name}`, {
              method: 'PUT',
              headers,
              body: JSON.stringify(definition),
            })
          ).status,
        ).toBe(409);
        expect(
          (await hub.fetch(`/api/v1/hooks/${name}`, { method: 'DELETE', headers: AS_OWNER })).status,
        ).toBe(409);
      }
    });

    it('requires credentials', async () => {
      // No user registered yet: 412 registration_required, as for every protected route.
      expect((await hub.fetch('/api/v1/hooks')).status).toBe(412);
      const put = await hub.fetch('/api/v1/hooks/X', {
        method: 'PUT',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(put.status).toBe(412);
    });
  });
});

describe('automation config errors', () => {
  it('refuses to start on a bad hook, procedure or cron, naming each line', async () => {
    const config = `
event.hook.BadOp:
  if: {type: SensorEvent, t: {$between: 1}}
  then: []
procedure.bad_step(x):
  - if \${x >}:
      - action: logger.info
cron.BadCron:
  cron_expression: '* * *'
  actions: []
`;
    const error = await bootHub({ config }).then(
      () => null,
      (err: unknown) => err as Error,
    );
    expect(error?.message).toMatch(/event\.hook\.BadOp\.if\.t\.\$between: unknown operator .*config\.yaml:3/);
    expect(error?.message).toMatch(/procedure\.bad_step\(x\)\.0: cannot parse .*config\.yaml:6/);
    expect(error?.message).toMatch(/cron\.BadCron\.cron_expression: expected 5 fields .*config\.yaml:9/);
  });
});

describe('run-time hooks after a restart', () => {
  it('are loaded again from the database', async () => {
    const first = await bootHub({ config: TOKEN_CONFIG });
    const dir = first.dir;
    const put = await first.fetch('/api/v1/hooks/Kept', {
      method: 'PUT',
      headers,
      body: JSON.stringify({
        if: { type: 'CustomEvent', subtype: 'kept' },
        then: [{ action: 'logger.info', args: { msg: 'x' } }],
      }),
    });
    expect(put.status).toBe(200);
    await first.close();
    const second = await bootHub({ config: TOKEN_CONFIG, dir });
    try {
      const res = await second.fetch('/api/v1/hooks/match', {
        method: 'POST',
        headers,
        body: JSON.stringify({ event: { type: 'CustomEvent', subtype: 'kept' } }),
      });
      expect(((await res.json()) as { hooks: Array<{ name: string }> }).hooks.map((h) => h.name)).toEqual([
        'Kept',
      ]);
    } finally {
      await second.stop();
    }
  });
});
