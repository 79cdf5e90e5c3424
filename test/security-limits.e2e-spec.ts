import { connect, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HubResponse } from '@hub/messages';

import { json } from './support/auth-client';
import { AS_OWNER, execute, TOKEN_CONFIG } from './support/execute-client';
import { connectSocket } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';
import { waitFor } from './support/wait-for';

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** Sends raw bytes on a new connection; resolves with everything the server sent until it closed. */
function rawExchange(
  hub: TestHub,
  bytes: string,
  keepOpen = false,
): { socket: Socket; answer: Promise<string> } {
  const { hostname, port } = new URL(hub.url);
  const socket = connect(Number(port), hostname);
  let received = '';
  const answer = new Promise<string>((resolve) => {
    socket.on('data', (c: Buffer) => {
      received += c.toString();
      if (!keepOpen && /\r\n\r\n/.test(received)) resolve(received);
    });
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
  });
  socket.write(bytes);
  return { socket, answer };
}

const statusOf = (head: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);

/** Issue 10, item 8: deep JSON is refused at every door and never reaches the history. */
describe('deeply nested JSON', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: `${TOKEN_CONFIG}event.hook.Deep:\n  if: {type: WebhookEvent, hook: deep}\n  then:\n    - response: {status: 200, body: ok}\n`,
    });
  });
  afterAll(() => hub?.stop());

  it('answers 400 to a 6 KB, 3,000-level webhook body, and posts nothing', async () => {
    const since = (
      (await (await hub.fetch('/events?feed=longpoll&timeout=0', { headers: AS_OWNER })).json()) as {
        last_seq: number;
      }
    ).last_seq;
    const res = await hub.fetch('/hook/deep', json(JSON.parse(deep(3000))));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/deeper than 64 levels/);
    // Resuming over where it would have been still works.
    const poll = await hub.fetch(`/events?feed=longpoll&since=${since}&timeout=0`, { headers: AS_OWNER });
    expect(poll.status).toBe(200);
    expect(((await poll.json()) as { events: unknown[] }).events).toEqual([]);
    const sse = await hub.fetch('/events?feed=eventsource', {
      headers: { ...AS_OWNER, 'last-event-id': '0' },
      signal: AbortSignal.timeout(3000),
    });
    expect(sse.status).toBe(200);
    await sse.body?.cancel();
  });

  it('answers 400 on /execute and acks an error on socket.io', async () => {
    const executed = await execute(
      hub,
      `{"type":"request","action":"variable.set","args":{"x":${deep(3000)}}}`,
    );
    expect(executed.status).toBe(400);
    expect(executed.body.response.errors[0]).toMatch(/max_json_depth/);
    const socket = await connectSocket(hub.url, { headers: AS_OWNER });
    try {
      const answer = (await socket.emitWithAck('execute', {
        type: 'request',
        action: 'variable.set',
        args: { x: JSON.parse(deep(200)) as unknown },
      })) as HubResponse;
      expect(answer.response.errors[0]).toMatch(/deeper than 64 levels/);
      const posted = (await socket.emitWithAck('post', {
        type: 'CustomEvent',
        x: JSON.parse(deep(200)),
      })) as {
        ok: boolean;
      };
      expect(posted.ok).toBe(false);
    } finally {
      socket.close();
    }
  });
});

/** Issue 10, item 9: headers decide before the body is read; bodies cannot be held forever. */
describe('anonymous bodies', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: `${TOKEN_CONFIG}backend.http:\n  limits: {request_timeout_seconds: 1, headers_timeout_seconds: 1, max_pending_bodies_per_address: 2}\nevent.hook.Guarded:\n  if: {type: WebhookEvent, hook: guarded}\n  webhook:\n    methods: [POST]\n    secret_header: {name: X-Secret, value: s3cret}\n  then: []\n`,
    });
  });
  afterAll(() => hub?.stop());

  const announce = (path: string, headers = '') =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n${headers}\r\n{"a":`;

  it('answers 404, 405 and 401 from the headers, without waiting for the announced body', async () => {
    const started = performance.now();
    const undeclared = rawExchange(hub, announce('/hook/undeclared'));
    expect(statusOf(await undeclared.answer)).toBe(404);
    const unauthorised = rawExchange(hub, announce('/hook/guarded', 'X-Secret: wrong\r\n'));
    expect(statusOf(await unauthorised.answer)).toBe(401);
    const wrongMethod = rawExchange(hub, announce('/hook/guarded').replace('POST', 'PUT'));
    expect(statusOf(await wrongMethod.answer)).toBe(405);
    // Well before the 1 s request timeout: nobody waited for the missing megabyte.
    expect(performance.now() - started).toBeLessThan(900);
    for (const x of [undeclared, unauthorised, wrongMethod]) x.socket.destroy();
  });

  it('times out a body that never finishes (408) and frees its connection', async () => {
    const slow = rawExchange(hub, announce('/hook/guarded', 'X-Secret: s3cret\r\n'), true);
    const answer = await slow.answer;
    expect(statusOf(answer)).toBe(408);
  });

  it('refuses a third body in progress from one address with 503', async () => {
    const held = [
      rawExchange(hub, announce('/execute', 'X-Token: x\r\n'), true),
      rawExchange(hub, announce('/execute', 'X-Token: x\r\n'), true),
    ];
    // Both are reading their bodies once the hub answers a request sent after them.
    await hub.fetch('/healthz');
    const third = await hub.fetch(
      '/execute',
      json({ type: 'request', action: 'util.sleep', args: { seconds: 0 } }, AS_OWNER),
    );
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toBe('1');
    for (const x of held) x.socket.destroy();
    // The hub notices the clients left (no event to wait on from here): their slots come back.
    await waitFor(
      async () =>
        (
          await hub.fetch(
            '/execute',
            json({ type: 'request', action: 'util.sleep', args: { seconds: 0 } }, AS_OWNER),
          )
        ).status === 200,
      { what: 'the held slots to be freed' },
    );
  });
});

/** Issue 10, item 10: stored events are bounded in bytes, and so are history pages. */
describe('event size', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: `${TOKEN_CONFIG}events:\n  max_stored_event_bytes: 4096\n  history_page_bytes: 10000\nevent.hook.Big:\n  if: {type: WebhookEvent, hook: big}\n  then:\n    - response: {status: 200, body: {size: '\${len(data.blob)}'}}\n`,
    });
  });
  afterAll(() => hub?.stop());

  it('lets hooks see the whole event but keeps a truncated one, with a marker, in history and log', async () => {
    const blob = 'x'.repeat(500_000);
    const res = await hub.fetch('/hook/big', json({ blob, note: 'small' }));
    expect(await res.json()).toEqual({ size: 500_000 });

    const poll = await hub.fetch('/events?feed=longpoll&since=0&timeout=0&types=WebhookEvent', {
      headers: AS_OWNER,
    });
    const kept = ((await poll.json()) as { events: Array<{ args: Record<string, unknown> }> }).events[0].args;
    expect(kept.data).toMatch(/^\[truncated: \d+ bytes\]$/);
    expect(kept._truncated).toEqual(['data']);
    expect(kept.hook).toBe('big');

    const history = await hub.fetch('/events/history?types=WebhookEvent', { headers: AS_OWNER });
    const text = await history.text();
    expect(text.length).toBeLessThan(4096 * 2);
    expect(JSON.parse(text)).toMatchObject({ events: [{ args: { _truncated: ['data'] } }] });
  });

  it('pages the history by bytes as well as by rows', async () => {
    for (let i = 0; i < 6; i++) {
      await hub.fetch('/data', json({ name: `chunk${i}`, payload: { fill: 'y'.repeat(3000) } }, AS_OWNER));
    }
    const first = await hub.fetch('/events/history?types=CustomEvent&limit=100', { headers: AS_OWNER });
    const page = (await first.json()) as { events: unknown[]; next: number | null };
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.length).toBeLessThan(6);
    expect(page.next).not.toBeNull();
    const rest = await hub.fetch(`/events/history?types=CustomEvent&limit=100&before=${page.next}`, {
      headers: AS_OWNER,
    });
    expect(((await rest.json()) as { events: unknown[] }).events.length).toBeGreaterThan(0);
  });
});
