import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { json } from './support/auth-client';
import { AS_OWNER, TOKEN_CONFIG } from './support/execute-client';
import { connectSocket } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

/** `(a|aa)+$` needs ~2^35 backtracking steps on this input in V8: minutes, with the hub frozen. */
const EVIL = '(a|aa)+$';
const INPUT = `${'a'.repeat(49)}!`;

/** Time `work` takes, in milliseconds. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Issue 10, item 2: every user-supplied pattern runs in linear time. */
describe('user-supplied patterns', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: `${TOKEN_CONFIG}
event.hook.Evil:
  if: {type: WebhookEvent, hook: evil, data: {name: {$regex: '${EVIL}'}}}
  then:
    - response: {status: 200, body: {matched: true}}
`,
    });
  });
  afterAll(() => hub?.stop());

  it('answers a webhook whose config hook has a catastrophic pattern in milliseconds', async () => {
    const { ms, value: res } = await timed(() => hub.fetch('/hook/evil', json({ name: INPUT })));
    // The hook does not match (the input ends with '!'), so no hook answers: 202 at once.
    expect(res.status).toBe(202);
    expect(ms).toBeLessThan(1000);
    const matched = await hub.fetch('/hook/evil', json({ name: 'aaaa' }));
    expect(await matched.json()).toEqual({ matched: true });
  });

  it('runs the /api/v1/hooks/match dry run on a run-time hook with one in milliseconds', async () => {
    const put = await hub.fetch(
      '/api/v1/hooks/nested',
      json({ if: { type: 'CustomEvent', name: { $regex: '((a+))+$' } }, then: [] }, AS_OWNER, 'PUT'),
    );
    expect(put.ok).toBe(true);
    const { ms, value: res } = await timed(() =>
      hub.fetch('/api/v1/hooks/match', json({ event: { type: 'CustomEvent', name: INPUT } }, AS_OWNER)),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hooks: [] });
    expect(ms).toBeLessThan(1000);
  });

  it('keeps the hub responsive with a catastrophic socket.io subscription filter', async () => {
    const socket = await connectSocket(hub.url, { headers: AS_OWNER });
    try {
      const ack = await socket.emitWithAck('subscribe', {
        types: ['CustomEvent'],
        filter: { type: 'CustomEvent', name: { $regex: '(a|a?)+$' } },
      });
      expect(ack).toEqual({ ok: true });
      const { ms, value: res } = await timed(async () => {
        await hub.fetch('/data', json({ name: 'probe', payload: { name: INPUT } }, AS_OWNER));
        return hub.fetch('/healthz');
      });
      expect(res.status).toBe(200);
      expect(ms).toBeLessThan(1000);
    } finally {
      socket.close();
    }
  });

  it('refuses constructs a linear-time engine cannot run, with a clear 400', async () => {
    const res = await hub.fetch(
      '/api/v1/hooks/lookahead',
      json({ if: { type: 'CustomEvent', name: { $regex: '(?=a)a' } }, then: [] }, AS_OWNER, 'PUT'),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/\$regex: .*no lookaround/);
    const socket = await connectSocket(hub.url, { headers: AS_OWNER });
    try {
      const ack = (await socket.emitWithAck('subscribe', {
        filter: { type: 'CustomEvent', name: { $regex: '(a)\\1' } },
      })) as { ok: boolean; error?: string };
      expect(ack.ok).toBe(false);
      expect(JSON.stringify(ack)).toMatch(/no backreferences/);
    } finally {
      socket.close();
    }
  });
});
