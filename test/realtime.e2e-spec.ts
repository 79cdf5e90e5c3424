import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { connectSocket, disconnected, EventCollector } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

const TOKEN = 'realtime-test-token';

describe('socket.io', () => {
  let hub: TestHub;
  const open: Socket[] = [];
  const connect = async (token = TOKEN) => {
    const socket = await connectSocket(hub.url, { token });
    open.push(socket);
    return socket;
  };

  beforeAll(async () => {
    hub = await bootHub({ config: `token: ${TOKEN}\n` });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => hub.stop());

  describe('connect', () => {
    it('refuses a client without credentials with connect_error "Unauthorized"', async () => {
      await expect(connectSocket(hub.url)).rejects.toThrow('Unauthorized');
    });

    it('refuses a wrong token the same way', async () => {
      await expect(connectSocket(hub.url, { token: 'not-the-token' })).rejects.toThrow('Unauthorized');
    });

    it('accepts the token in the Authorization header of the handshake too', async () => {
      const socket = await connectSocket(hub.url, {
        headers: { authorization: `Bearer ${TOKEN}` },
        transports: ['polling'],
      });
      open.push(socket);
      expect(socket.connected).toBe(true);
    });

    it('refuses a browser page from a foreign origin', async () => {
      await expect(
        connectSocket(hub.url, {
          token: TOKEN,
          headers: { origin: 'https://evil.example' },
          transports: ['polling'],
        }),
      ).rejects.toThrow();
    });
  });

  describe('subscribe', () => {
    it('sends nothing to a client that has not subscribed', async () => {
      const poster = await connect();
      const quiet = await connect();
      const events = new EventCollector(quiet);
      expect(await poster.emitWithAck('post', { type: 'QuietEvent', n: 1 })).toMatchObject({ ok: true });
      // Events on one connection arrive in order: once the later one is here, the first was never sent.
      expect(await quiet.emitWithAck('subscribe', { types: ['QuietMarkerEvent'] })).toEqual({ ok: true });
      await poster.emitWithAck('post', { type: 'QuietMarkerEvent' });
      const received = await events.waitFor(1);
      expect(received.map((e) => e.args.type)).toEqual(['QuietMarkerEvent']);
    });

    it('delivers only the subscribed types, named short or as platypush class paths', async () => {
      const poster = await connect();
      const client = await connect();
      const events = new EventCollector(client);
      await client.emitWithAck('subscribe', { types: ['platypush.message.event.sensor.SensorEvent'] });
      await poster.emitWithAck('post', { type: 'OtherEvent', n: 1 });
      await poster.emitWithAck('post', { type: 'SensorEvent', n: 2 });
      const received = await events.waitFor(1);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ type: 'event', args: { type: 'SensorEvent', n: 2 } });
      expect(typeof received[0].seq).toBe('number');
    });

    it('applies a hook-style filter on fields, with operators', async () => {
      const poster = await connect();
      const client = await connect();
      const events = new EventCollector(client);
      const ack = await client.emitWithAck('subscribe', {
        filter: { type: 'SensorEvent', room: 'living', temperature: { $gt: 25 } },
      });
      expect(ack).toEqual({ ok: true });
      await poster.emitWithAck('post', { type: 'SensorEvent', room: 'living', temperature: 20 });
      await poster.emitWithAck('post', { type: 'SensorEvent', room: 'kitchen', temperature: 30 });
      await poster.emitWithAck('post', { type: 'SensorEvent', room: 'living', temperature: 27 });
      const received = await events.waitFor(1);
      expect(received.map((e) => e.args.temperature)).toEqual([27]);
    });

    it('stops delivering after unsubscribe', async () => {
      const poster = await connect();
      const client = await connect();
      const events = new EventCollector(client);
      await client.emitWithAck('subscribe', { types: ['AEvent', 'BEvent'] });
      expect(await client.emitWithAck('unsubscribe', { types: ['AEvent'] })).toEqual({ ok: true });
      await poster.emitWithAck('post', { type: 'AEvent' });
      await poster.emitWithAck('post', { type: 'BEvent' });
      expect((await events.waitFor(1)).map((e) => e.args.type)).toEqual(['BEvent']);
    });

    it('refuses a bad filter with the reason, and keeps the connection', async () => {
      const client = await connect();
      const ack = await client.emitWithAck('subscribe', { filter: { temperature: { $between: [1, 2] } } });
      expect(ack).toMatchObject({ ok: false, error: expect.stringContaining('unknown operator $between') });
      expect(await client.emitWithAck('subscribe', { since: -3 })).toMatchObject({
        ok: false,
        error: expect.stringContaining('since'),
      });
      expect(client.connected).toBe(true);
    });
  });

  describe('post', () => {
    it('delivers binary fields as socket.io binary, byte for byte', async () => {
      const poster = await connect();
      const client = await connect();
      const events = new EventCollector(client);
      await client.emitWithAck('subscribe', { types: ['CameraFrameEvent'] });
      const frame = Buffer.from([0, 1, 2, 250, 255, 0, 42]);
      const ack = await poster.emitWithAck('post', {
        type: 'event',
        args: { type: 'CameraFrameEvent', frame },
      });
      expect(ack).toMatchObject({ ok: true, id: expect.stringMatching(/^[0-9a-f]{32}$/) });
      const [event] = await events.waitFor(1);
      const received = event.args.frame as Buffer | ArrayBuffer;
      expect(Buffer.from(received as ArrayBuffer).equals(frame)).toBe(true);
    });

    it('refuses events only the hub may post', async () => {
      const poster = await connect();
      const ack = await poster.emitWithAck('post', { type: 'WebhookEvent', hook: 'lights' });
      expect(ack).toMatchObject({ ok: false, error: 'WebhookEvent is posted by the hub only' });
    });

    it('refuses an event without a type', async () => {
      const poster = await connect();
      expect(await poster.emitWithAck('post', { temperature: 3 })).toMatchObject({ ok: false });
    });
  });

  describe('resume', () => {
    it('replays what was missed after a dropped connection, with no gap and no duplicate', async () => {
      const poster = await connect();
      const first = await connect();
      const firstEvents = new EventCollector(first);
      await first.emitWithAck('subscribe', { types: ['TickEvent'] });
      const total = 60;
      // Post a stream of events; the connection is killed in the middle of it.
      const posting = (async () => {
        for (let n = 0; n < total; n++) await poster.emitWithAck('post', { type: 'TickEvent', n });
      })();
      await firstEvents.waitFor(20);
      first.io.engine.close();
      await disconnected(first);
      await posting;
      const lastSeen = firstEvents.events.at(-1)!;

      const second = await connect();
      const secondEvents = new EventCollector(second);
      const ack = await second.emitWithAck('subscribe', { types: ['TickEvent'], since: lastSeen.seq });
      expect(ack).toEqual({ ok: true });
      await secondEvents.waitFor(total - firstEvents.events.length);
      await poster.emitWithAck('post', { type: 'TickEvent', n: total });
      await secondEvents.waitFor(total - firstEvents.events.length + 1);

      const all = [...firstEvents.events, ...secondEvents.events].map((e) => e.args.n);
      expect(all).toEqual(Array.from({ length: total + 1 }, (_, n) => n));
      const seqs = [...firstEvents.events, ...secondEvents.events].map((e) => e.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    });

    it('says so when since is older than the kept history', async () => {
      const client = await connect();
      const poster = await connect();
      // history_size defaults to 1000: post past it so seq 1 is gone.
      for (let n = 0; n < 1005; n++) poster.emit('post', { type: 'FillerEvent', n });
      await poster.emitWithAck('post', { type: 'FillerEvent', n: 'last' });
      const events = new EventCollector(client);
      const ack = await client.emitWithAck('subscribe', { types: ['FillerEvent'], since: 1 });
      expect(ack).toEqual({ ok: true, truncated: true });
      expect(events.events.length).toBeGreaterThan(900);
      expect(events.events.at(-1)!.args.n).toBe('last');
    });
  });
});
