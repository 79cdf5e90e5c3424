import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, asSession, bearer, issueToken, json, login, register } from './support/auth-client';
import { AS_CLUSTER_OWNER, type Cluster, type ClusterNode, startCluster } from './support/cluster';
import { parseSse, StreamReader } from './support/http-stream';
import { connectSocket, disconnected, EventCollector, type HubEventMessage } from './support/socket-client';
import { waitFor } from './support/wait-for';

/** api.md §10, row by row, on three hub processes sharing one PostgreSQL and one Redis. */
const HOOKS = `
event.hook.CountRuns:
  if:
    type: CustomEvent
    subtype: count-me
  then:
    - action: event.post
      args: {subtype: hook-ran}
event.hook.Greeter:
  if:
    type: WebhookEvent
    hook: greet
  then:
    - action: event.post
      args: {subtype: greeted}
    - response: {body: {greeting: hello}}
cron.EverySecond:
  cron_expression: '* * * * * *'
  actions:
    - action: event.post
      args: {subtype: cron-tick}
`;

async function post(node: ClusterNode, fields: Record<string, unknown>): Promise<string> {
  const res = await node.fetch(
    '/execute',
    json({ type: 'request', action: 'event.post', args: fields }, AS_CLUSTER_OWNER),
  );
  const body = (await res.json()) as { response: { output: { id: string } } };
  if (res.status !== 200)
    throw new Error(`event.post on ${node.name}: ${res.status} ${JSON.stringify(body)}`);
  return body.response.output.id;
}

async function subscribed(
  node: ClusterNode,
  subscription: Record<string, unknown>,
): Promise<{ socket: Socket; events: EventCollector }> {
  const socket = await connectSocket(node.url, { token: AS_CLUSTER_OWNER['x-token'] });
  const events = new EventCollector(socket);
  expect(await socket.emitWithAck('subscribe', subscription)).toMatchObject({ ok: true });
  return { socket, events };
}

const subtypeIs = (subtype: string) => (e: HubEventMessage) => e.args.subtype === subtype;

describe('three instances on PostgreSQL + Redis behave as one hub', () => {
  let cluster: Cluster;
  let a: ClusterNode, b: ClusterNode, c: ClusterNode;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    cluster = await startCluster(3, HOOKS);
    [a, b, c] = cluster.nodes;
    await register(a);
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await cluster?.destroy();
  });

  it('started together, ran the migrations once and share one signing key', async () => {
    const rows = await cluster.postgres.query<{ n: string }>('SELECT COUNT(*) AS n FROM migrations', 'hub');
    expect(Number(rows[0].n)).toBeGreaterThan(0);
    const names = await cluster.postgres.query<{ name: string }>('SELECT name FROM migrations', 'hub');
    expect(new Set(names.map((r) => r.name)).size).toBe(names.length);
    for (const node of cluster.nodes)
      expect(await (await node.fetch('/healthz')).json()).toEqual({
        status: 'ok',
        redis: 'up',
        database: 'up',
      });
  });

  describe('users, sessions, tokens', () => {
    it('a user made on one instance logs in on the others; a session and a token work everywhere', async () => {
      const session = await login(b);
      for (const node of cluster.nodes) {
        const res = await node.fetch('/auth', { headers: { cookie: session.cookie } });
        expect(res.status, node.name).toBe(200);
      }
      const token = await issueToken(c);
      for (const node of cluster.nodes) {
        expect((await node.fetch('/auth', { headers: bearer(token.token) })).status, node.name).toBe(200);
      }
    });
  });

  describe('revocation', () => {
    it('a token revoked on one instance is refused on the others within 1 s, its sockets closed', async () => {
      const { token, id } = await issueToken(a, { name: 'doomed' });
      // Cached on b and c first, and a live socket on c.
      for (const node of [b, c])
        expect((await node.fetch('/auth', { headers: bearer(token) })).status).toBe(200);
      const socket = await connectSocket(c.url, { token });
      sockets.push(socket);
      const closed = disconnected(socket);
      const owner = await login(a);
      const revoke = await a.fetch(`/tokens/${id}`, { method: 'DELETE', headers: asSession(owner) });
      expect(revoke.status).toBe(200);
      const revokedAt = Date.now();
      await waitFor(
        async () =>
          (await b.fetch('/auth', { headers: bearer(token) })).status === 401 &&
          (await c.fetch('/auth', { headers: bearer(token) })).status === 401,
        { timeoutMs: 1000, what: 'the revoked token refused on b and c' },
      );
      await closed;
      expect(Date.now() - revokedAt).toBeLessThan(1000);
    });

    it('a session logged out on one instance is refused on the others at once', async () => {
      const session = await login(a);
      expect((await c.fetch('/auth', { headers: { cookie: session.cookie } })).status).toBe(200);
      expect((await b.fetch('/logout', { method: 'POST', headers: asSession(session) })).status).toBe(200);
      expect((await c.fetch('/auth', { headers: { cookie: session.cookie } })).status).toBe(401);
      expect((await a.fetch('/auth', { headers: { cookie: session.cookie } })).status).toBe(401);
    });
  });

  describe('events', () => {
    it('reach every subscribed socket.io client on every instance once, in one growing seq', async () => {
      const clients = await Promise.all(
        cluster.nodes.map((node) => subscribed(node, { types: ['CustomEvent'] })),
      );
      sockets.push(...clients.map((c) => c.socket));
      const posted: string[] = [];
      for (let i = 0; i < 12; i++) posted.push(await post(cluster.nodes[i % 3], { subtype: 'fanout', i }));
      await post(a, { subtype: 'fanout-end' });
      const streams: string[][] = [];
      for (const [n, client] of clients.entries()) {
        await client.events.waitFor(1, subtypeIs('fanout-end'));
        // Everything before the end marker arrived (one ordered stream per client), once each.
        const got = client.events.events.filter(subtypeIs('fanout'));
        expect(got.map((e) => e.id).sort(), `client on ${cluster.nodes[n].name}`).toEqual([...posted].sort());
        const seqs = got.map((e) => e.seq);
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]);
        streams.push(got.map((e) => `${e.seq}:${e.id}`));
      }
      // One cluster-wide numbering: every instance delivered the same seqs for the same events.
      expect(streams[1]).toEqual(streams[0]);
      expect(streams[2]).toEqual(streams[0]);
    });

    it('reach SSE and long-poll clients on other instances, and `since` resumes on any instance', async () => {
      const sse = await StreamReader.open(
        `${b.url}/events?feed=eventsource&types=CustomEvent&heartbeat=0.1`,
        AS_CLUSTER_OWNER,
      );
      try {
        await sse.waitFor((text) => text.includes('retry:'));
        const watcher = await subscribed(c, { types: ['CustomEvent'] });
        sockets.push(watcher.socket);
        const marker = await post(a, { subtype: 'feeds-marker' });
        const since = (await watcher.events.waitFor(1, (e) => e.id === marker))[0].seq;
        // Long-poll on c from the marker on: answered with the next event, whenever it comes.
        const longpoll = c
          .fetch(`/events?feed=longpoll&types=CustomEvent&since=${since}&timeout=20`, {
            headers: AS_CLUSTER_OWNER,
          })
          .then((r) => r.json() as Promise<{ events: HubEventMessage[] }>);
        const id = await post(a, { subtype: 'feeds' });
        // Answered by the first CustomEvent after the marker: this one, or a cron tick.
        const answered = (await longpoll).events;
        expect(answered.length).toBeGreaterThan(0);
        for (const event of answered) expect(event.seq).toBeGreaterThan(since);
        const kept = await waitFor(
          async () => {
            const res = await c.fetch(`/events?feed=longpoll&types=CustomEvent&since=${since}&timeout=0`, {
              headers: AS_CLUSTER_OWNER,
            });
            const events = ((await res.json()) as { events: HubEventMessage[] }).events;
            return events.some((e) => e.id === id) ? events : null;
          },
          { what: "the event in c's long-poll feed" },
        );
        expect(kept.filter((e) => e.id === id)).toHaveLength(1);
        await sse.waitFor((text) => parseSse(text).some((m) => m.data?.includes(id)));
        expect(parseSse(sse.text).filter((m) => m.data?.includes(id))).toHaveLength(1);
        const seq = (await watcher.events.waitFor(1, (e) => e.id === id))[0].seq;

        // A client that saw `seq` on c and comes back on a (or b) gets what it missed, in order.
        const missed = [
          await post(b, { subtype: 'missed', n: 1 }),
          await post(c, { subtype: 'missed', n: 2 }),
        ];
        await watcher.events.waitFor(1, (e) => e.id === missed[1]);
        for (const node of [a, b]) {
          await waitFor(
            async () => {
              const res = await node.fetch(`/events?feed=longpoll&types=CustomEvent&since=${seq}&timeout=0`, {
                headers: AS_CLUSTER_OWNER,
              });
              const body = (await res.json()) as { events: HubEventMessage[] };
              // (The cron's ticks are CustomEvents too.)
              return (
                body.events
                  .filter(subtypeIs('missed'))
                  .map((e) => e.id)
                  .join() === missed.join()
              );
            },
            { what: `since=${seq} on ${node.name}` },
          );
        }
        const resumed = await subscribed(a, { types: ['CustomEvent'], since: seq });
        sockets.push(resumed.socket);
        expect((await resumed.events.waitFor(2, subtypeIs('missed'))).map((e) => e.id)).toEqual(missed);
      } finally {
        sse.close();
      }
    });
  });

  describe('hooks', () => {
    it('run once in the cluster, on the instance that posted the event', async () => {
      const watcher = await subscribed(c, { types: ['CustomEvent'] });
      sockets.push(watcher.socket);
      await post(b, { subtype: 'count-me' });
      await post(a, { subtype: 'count-me' });
      const ran = await watcher.events.waitFor(2, subtypeIs('hook-ran'));
      expect(ran.map((e) => e.origin).sort()).toEqual(['hub-a', 'hub-b']);
      // Any third run would have arrived before this marker (one ordered stream).
      await post(c, { subtype: 'hooks-end' });
      await watcher.events.waitFor(1, subtypeIs('hooks-end'));
      expect(watcher.events.events.filter(subtypeIs('hook-ran'))).toHaveLength(2);
    });

    it("a webhook's answer comes from the hooks run by the instance it called, once", async () => {
      const watcher = await subscribed(b, { types: ['CustomEvent'] });
      sockets.push(watcher.socket);
      for (const node of cluster.nodes) {
        const res = await node.fetch('/hook/greet', json({}, AS_CLUSTER_OWNER));
        expect(res.status, node.name).toBe(200);
        expect(await res.json()).toEqual({ greeting: 'hello' });
      }
      const greeted = await watcher.events.waitFor(3, subtypeIs('greeted'));
      expect(greeted.map((e) => e.origin)).toEqual(['hub-a', 'hub-b', 'hub-c']);
      await post(a, { subtype: 'greet-end' });
      await watcher.events.waitFor(1, subtypeIs('greet-end'));
      expect(watcher.events.events.filter(subtypeIs('greeted'))).toHaveLength(3);
    });
  });

  describe('run-time hooks', () => {
    it('a hook saved on one instance is live on all within 1 s, and gone from all when deleted', async () => {
      const owner = await login(a);
      const put = await a.fetch(
        '/api/v1/hooks/LiveEverywhere',
        json(
          {
            if: { type: 'CustomEvent', subtype: 'live-test' },
            then: [{ action: 'event.post', args: { subtype: 'live-ran' } }],
          },
          asSession(owner),
          'PUT',
        ),
      );
      expect(put.status).toBeLessThan(300);
      const savedAt = Date.now();
      const watcher = await subscribed(a, { types: ['CustomEvent'] });
      sockets.push(watcher.socket);
      // c runs the hook for an event posted on c once it has heard of it.
      await waitFor(
        async () => {
          await post(c, { subtype: 'live-test' });
          return watcher.events.events.some((e) => e.args.subtype === 'live-ran' && e.origin === 'hub-c');
        },
        { timeoutMs: 1000, intervalMs: 50, what: 'the new hook running on hub-c' },
      );
      expect(Date.now() - savedAt).toBeLessThan(1000);

      expect(
        (await a.fetch('/api/v1/hooks/LiveEverywhere', { method: 'DELETE', headers: asSession(owner) }))
          .status,
      ).toBeLessThan(300);
      await waitFor(
        async () => {
          const res = await c.fetch('/api/v1/hooks', { headers: AS_CLUSTER_OWNER });
          return !(await res.text()).includes('LiveEverywhere');
        },
        { timeoutMs: 1000, what: 'the hook gone from hub-c' },
      );
    });
  });

  describe('crons', () => {
    it('run each tick once in the cluster, not once per instance', async () => {
      const watcher = await subscribed(b, { types: ['CustomEvent'] });
      sockets.push(watcher.socket);
      const ticks = await watcher.events.waitFor(4, subtypeIs('cron-tick'), 10_000);
      // One event per second of the clock, whichever instance took the tick.
      const seconds = ticks.map((e) => Math.floor(e._timestamp));
      expect(new Set(seconds).size).toBe(seconds.length);
    });
  });

  describe('login limits', () => {
    it('count failures made on every instance together', async () => {
      const wrong = { username: ADMIN.username, password: 'not the password' };
      // auth.login_attempts.max is 5 by default: two failures on a, two on b, one on c.
      for (const node of [a, a, b, b, c]) expect((await node.fetch('/login', json(wrong))).status).toBe(401);
      for (const node of cluster.nodes) {
        const res = await node.fetch('/login', json(ADMIN));
        expect(res.status, node.name).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    });
  });
});
