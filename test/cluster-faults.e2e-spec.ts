import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, json, register } from './support/auth-client';
import { AS_CLUSTER_OWNER, type Cluster, type ClusterNode, startCluster } from './support/cluster';
import { connectSocket, disconnected, EventCollector, type HubEventMessage } from './support/socket-client';
import { waitFor } from './support/wait-for';

/** api.md §10's fault rows on two hub processes: Redis down, PostgreSQL restarted, an instance killed. */

async function execute(node: ClusterNode, action: string, args: Record<string, unknown>) {
  const res = await node.fetch('/execute', json({ type: 'request', action, args }, AS_CLUSTER_OWNER));
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

async function post(node: ClusterNode, fields: Record<string, unknown>): Promise<string> {
  const { status, body } = await execute(node, 'event.post', fields);
  if (status !== 200) throw new Error(`event.post on ${node.name}: ${status} ${JSON.stringify(body)}`);
  return (body.response as { output: { id: string } }).output.id;
}

async function listen(
  node: ClusterNode,
  since?: number,
): Promise<{ socket: Socket; events: EventCollector }> {
  const socket = await connectSocket(node.url, { token: AS_CLUSTER_OWNER['x-token'] });
  const events = new EventCollector(socket);
  expect(
    await socket.emitWithAck('subscribe', { types: ['CustomEvent'], ...(since ? { since } : {}) }),
  ).toMatchObject({ ok: true });
  return { socket, events };
}

const health = async (node: ClusterNode) =>
  (await node.fetch('/healthz')).json() as Promise<Record<string, string>>;
const withId = (id: string) => (e: HubEventMessage) => e.id === id;

describe('faults in a two-instance cluster', () => {
  let cluster: Cluster;
  let a: ClusterNode, b: ClusterNode;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    cluster = await startCluster(2);
    [a, b] = cluster.nodes;
    await register(a);
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await cluster?.destroy();
  });

  it('Redis down: each instance serves its own clients, says degraded, logs what it posted, and reconnects by itself', async () => {
    const onA = await listen(a);
    const onB = await listen(b);
    sockets.push(onA.socket, onB.socket);
    const before = await post(a, { subtype: 'before-outage' });
    const seqBefore = (await onB.events.waitFor(1, withId(before)))[0].seq;

    await cluster.redis.stop();
    await waitFor(
      async () => (await health(a)).status === 'degraded' && (await health(b)).status === 'degraded',
      {
        what: 'both instances degraded',
      },
    );
    expect(await health(a)).toEqual({ status: 'degraded', redis: 'down', database: 'up' });
    const during = await post(a, { subtype: 'during-outage' });
    const local = (await onA.events.waitFor(1, withId(during)))[0];
    expect(local.seq).toBeGreaterThan(seqBefore);
    // Actions and logins still work: only the sharing stops.
    expect((await b.fetch('/login', json(ADMIN))).status).toBe(200);
    // In the (shared) log, as any instance's history shows.
    await waitFor(
      async () => {
        const res = await b.fetch('/events/history?types=CustomEvent&limit=5', { headers: AS_CLUSTER_OWNER });
        return ((await res.json()) as { events: HubEventMessage[] }).events.some((e) => e.id === during);
      },
      { what: 'the event posted during the outage in the log' },
    );

    // Back, empty (no persistence): the instances reconnect and the seq keeps growing.
    await cluster.redis.start();
    await waitFor(async () => (await health(a)).status === 'ok' && (await health(b)).status === 'ok', {
      timeoutMs: 10_000,
      what: 'both instances healthy again',
    });
    // Delivery across instances resumes (each instance re-subscribes and raises the seq first).
    const after = await waitFor(
      async () => {
        const id = await post(b, { subtype: 'after-outage' });
        return (await onA.events.waitFor(1, withId(id), 1000).catch(() => null))?.[0];
      },
      { timeoutMs: 15_000, what: 'an event posted on b reaching a client of a again' },
    );
    expect(after.seq).toBeGreaterThan(local.seq);
    expect((await onB.events.waitFor(1, withId(after.id)))[0].seq).toBe(after.seq);
  });

  it('PostgreSQL restarted: routes that need it answer 503 JSON meanwhile, and recover without a restart', async () => {
    expect((await execute(a, 'variable.set', { door: 'open' })).status).toBe(200);
    let during = '';
    await cluster.postgres.stop();
    try {
      const login = await a.fetch('/login', json(ADMIN));
      expect(login.status).toBe(503);
      expect(login.headers.get('content-type')).toMatch(/json/);
      expect(await login.json()).toMatchObject({ code: 503, error: 'unavailable' });
      const read = await execute(b, 'variable.get', { name: 'door' });
      expect(read.status).toBe(503);
      expect(read.type).toMatch(/json/);
      expect(JSON.stringify(read.body)).toMatch(/database is unavailable/);
      expect((await health(a)).database).toBe('down');
      // Events still flow through Redis; their log rows wait for the database.
      during = await post(a, { subtype: 'while-postgres-down' });
    } finally {
      await cluster.postgres.start();
    }
    await waitFor(async () => (await a.fetch('/login', json(ADMIN))).status === 200, {
      timeoutMs: 10_000,
      what: 'logins working again on a',
    });
    const read = await execute(b, 'variable.get', { name: 'door' });
    expect(read.status).toBe(200);
    expect((read.body.response as { output: unknown }).output).toEqual({ door: 'open' });
    await waitFor(
      async () => {
        const res = await b.fetch('/events/history?types=CustomEvent&limit=5', { headers: AS_CLUSTER_OWNER });
        return ((await res.json()) as { events: HubEventMessage[] }).events.some((e) => e.id === during);
      },
      { timeoutMs: 5000, what: 'the event posted while PostgreSQL was down in the log' },
    );
  });

  it('an instance killed with SIGKILL: the other carries on and its clients resume there', async () => {
    const onA = await listen(a);
    const onB = await listen(b);
    sockets.push(onA.socket, onB.socket);
    const last = await post(a, { subtype: 'before-kill' });
    const lastSeen = (await onB.events.waitFor(1, withId(last)))[0].seq;
    const dropped = disconnected(onB.socket);
    await b.kill();
    await dropped;
    const missed = await post(a, { subtype: 'while-reconnecting' });
    // The client that was on b comes back on a (what a load balancer does) from where it was.
    const resumed = await listen(a, lastSeen);
    sockets.push(resumed.socket);
    expect((await resumed.events.waitFor(1, withId(missed))).map((e) => e.args.subtype)).toEqual([
      'while-reconnecting',
    ]);
    expect(resumed.events.events.some(withId(last))).toBe(false);
    await onA.events.waitFor(1, withId(missed));
    expect((await health(a)).status).toBe('ok');
  });
});
