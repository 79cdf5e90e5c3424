import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseSse, StreamReader } from './support/http-stream';
import { connectSocket } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

const TOKEN = 'feeds-test-token';
const AUTH = { 'x-token': TOKEN };

describe('HTTP event feeds', () => {
  let hub: TestHub;
  let poster: Socket;
  const streams: StreamReader[] = [];
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const stream = await StreamReader.open(`${hub.url}${path}`, { ...AUTH, ...headers });
    streams.push(stream);
    return stream;
  };
  /** Posts an event through a real client; returns its seq. */
  const post = async (type: string, fields: Record<string, unknown> = {}): Promise<number> => {
    const ack = (await poster.emitWithAck('post', { type, ...fields })) as { ok: boolean; seq: number };
    expect(ack.ok).toBe(true);
    return ack.seq;
  };

  beforeAll(async () => {
    hub = await bootHub({ config: `token: ${TOKEN}\n` });
    poster = await connectSocket(hub.url, { token: TOKEN });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    poster.close();
    await hub.stop();
  });

  it('refuses a feed without credentials (412 while no user is registered)', async () => {
    const res = await hub.fetch('/events?feed=longpoll&timeout=0');
    expect(res.status).toBe(412);
    expect(await res.json()).toMatchObject({ error: 'registration_required' });
    const history = await hub.fetch('/events/history', { headers: { 'x-token': 'wrong' } });
    expect(history.status).toBe(412);
  });

  it('answers bad feed parameters with a 400 that names them', async () => {
    const res = await hub.fetch('/events?feed=xml&since=abc&heartbeat=never', { headers: AUTH });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body.message).toContain('feed: expected one of eventsource, longpoll, continuous');
    expect(body.message).toContain('since: expected an event seq');
    expect(body.message).toContain('heartbeat:');
  });

  describe('eventsource', () => {
    it('streams events with id = seq and event = type, filtered by types, with heartbeats', async () => {
      const sse = await open('/events?feed=eventsource&types=DoorEvent&heartbeat=0.1');
      expect(sse.status).toBe(200);
      expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await sse.waitFor((t) => t.includes('retry:'));
      await post('WindowEvent', { open: true });
      const seq = await post('DoorEvent', { open: true });
      await sse.waitFor((t) => t.includes(`id: ${seq}\n`));
      await sse.waitFor((t) => t.includes(':heartbeat\n\n'));
      const messages = parseSse(sse.text);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ id: String(seq), event: 'DoorEvent' });
      expect(JSON.parse(messages[0].data!)).toMatchObject({
        type: 'event',
        seq,
        args: { type: 'DoorEvent', open: true },
      });
    });

    it('resumes after Last-Event-ID with exactly the missed events', async () => {
      const first = await open('/events?feed=eventsource&types=ResumeEvent');
      await first.waitFor((t) => t.includes('retry:'));
      await post('ResumeEvent', { n: 0 });
      await post('ResumeEvent', { n: 1 });
      await first.waitFor((t) => parseSse(t).length === 2);
      first.close();
      const lastId = parseSse(first.text).at(-1)!.id!;

      await post('ResumeEvent', { n: 2 });
      await post('OtherEvent', { n: 99 });
      await post('ResumeEvent', { n: 3 });
      const second = await open('/events?feed=eventsource&types=ResumeEvent', { 'last-event-id': lastId });
      await second.waitFor((t) => parseSse(t).length === 2);
      await post('ResumeEvent', { n: 4 });
      await second.waitFor((t) => parseSse(t).length === 3);
      const ns = [...parseSse(first.text), ...parseSse(second.text)].map((m) => JSON.parse(m.data!).args.n);
      expect(ns).toEqual([0, 1, 2, 3, 4]);
    });

    it('encodes binary fields as base64', async () => {
      const sse = await open('/events?feed=eventsource&types=BlobEvent');
      await sse.waitFor((t) => t.includes('retry:'));
      await poster.emitWithAck('post', { type: 'BlobEvent', blob: Buffer.from([1, 2, 255]) });
      await sse.waitFor((t) => parseSse(t).length === 1);
      expect(JSON.parse(parseSse(sse.text)[0].data!).args.blob).toEqual({ $binary: 'AQL/' });
    });
  });

  describe('longpoll', () => {
    it('wakes up as soon as an event arrives', async () => {
      const since = await post('MarkerEvent');
      let answered = false;
      const started = Date.now();
      const poll = hub
        .fetch(`/events?feed=longpoll&types=WakeEvent&since=${since}&timeout=20`, { headers: AUTH })
        .then(async (res) => {
          answered = true;
          return {
            status: res.status,
            body: (await res.json()) as {
              events: Array<{ seq: number; args: { n: number } }>;
              last_seq: number;
            },
          };
        });
      await post('UnrelatedEvent');
      expect(answered).toBe(false);
      const seq = await post('WakeEvent', { n: 7 });
      const { status, body } = await poll;
      expect(status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(body.events.map((e) => e.args.n)).toEqual([7]);
      expect(body.last_seq).toBeGreaterThanOrEqual(seq);
    });

    it('answers at once with kept events after since', async () => {
      const since = await post('MarkerEvent');
      await post('KeptEvent', { n: 1 });
      await post('KeptEvent', { n: 2 });
      const res = await hub.fetch(`/events?feed=longpoll&types=KeptEvent&since=${since}&timeout=20`, {
        headers: AUTH,
      });
      const body = (await res.json()) as { events: Array<{ args: { n: number } }> };
      expect(body.events.map((e) => e.args.n)).toEqual([1, 2]);
    });

    it('answers empty after the timeout', async () => {
      const res = await hub.fetch('/events?feed=longpoll&types=NeverEvent&timeout=0.2', { headers: AUTH });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { events: unknown[]; last_seq: number };
      expect(body.events).toEqual([]);
      expect(typeof body.last_seq).toBe('number');
    });
  });

  describe('continuous', () => {
    it('streams one JSON event per line, blank lines as heartbeats', async () => {
      const feed = await open('/events?feed=continuous&types=LineEvent&heartbeat=0.1');
      expect(feed.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      await feed.waitFor((t) => t.includes('\n'));
      await post('LineEvent', { n: 1 });
      await post('LineEvent', { n: 2 });
      await feed.waitFor((t) => t.split('\n').filter((l) => l.trim()).length === 2);
      const lines = feed.text.split('\n').filter((l) => l.trim());
      expect(lines.map((l) => JSON.parse(l).args.n)).toEqual([1, 2]);
    });
  });

  describe('GET /events/history', () => {
    it('pages through the persisted log, newest first, by type', async () => {
      for (let n = 0; n < 5; n++) await post('HistoryEvent', { n });
      await post('NoiseEvent');
      const first = await hub.fetch('/events/history?types=HistoryEvent&limit=3', { headers: AUTH });
      expect(first.status).toBe(200);
      const page1 = (await first.json()) as { events: Array<{ args: { n: number } }>; next: number };
      expect(page1.events.map((e) => e.args.n)).toEqual([4, 3, 2]);
      const second = await hub.fetch(`/events/history?types=HistoryEvent&limit=3&before=${page1.next}`, {
        headers: AUTH,
      });
      const page2 = (await second.json()) as { events: Array<{ args: { n: number } }>; next: number | null };
      expect(page2.events.map((e) => e.args.n)).toEqual([1, 0]);
      expect(page2.next).toBeNull();
    });

    it('filters by time', async () => {
      const future = new Date(Date.now() + 3600_000).toISOString();
      const res = await hub.fetch(`/events/history?from=${encodeURIComponent(future)}`, { headers: AUTH });
      expect(((await res.json()) as { events: unknown[] }).events).toEqual([]);
      const bad = await hub.fetch('/events/history?from=yesterday&limit=0', { headers: AUTH });
      expect(bad.status).toBe(400);
    });
  });
});
