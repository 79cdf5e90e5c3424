import { resolve } from 'node:path';

import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type LineChild, spawnLineChild } from './support/child-lines';
import { connectSocket, EventCollector } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

const TOKEN = 'backpressure-token';
const QUEUE_LIMIT = 20;

describe('socket.io backpressure', () => {
  let hub: TestHub;
  let stalled: LineChild;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    hub = await bootHub({
      config: `token: ${TOKEN}\nevents:\n  client_queue_limit: ${QUEUE_LIMIT}\n  log_exclude_types: [BigEvent]\n`,
    });
  });
  afterAll(async () => {
    stalled?.kill();
    for (const socket of sockets) socket.close();
    await hub.stop();
  });

  it('drops a client that stopped reading, without delaying a live one', async () => {
    // A real client in another process, frozen after subscribing: it never reads again.
    stalled = spawnLineChild(process.execPath, [
      resolve(__dirname, 'support/socket-listener.mjs'),
      hub.url,
      TOKEN,
      'BigEvent',
    ]);
    await stalled.next((line) => line.ready === true);
    process.kill(stalled.child.pid!, 'SIGSTOP');

    const poster = await connectSocket(hub.url, { token: TOKEN });
    const live = await connectSocket(hub.url, { token: TOKEN });
    sockets.push(poster, live);
    const events = new EventCollector(live);
    await live.emitWithAck('subscribe', { types: ['BigEvent'] });

    // 150 events of 256 KiB: far more than the kernel buffers of the frozen client's connection.
    const payload = 'x'.repeat(256 * 1024);
    const total = 150;
    const lags: number[] = [];
    for (let n = 0; n < total; n++) {
      const postedAt = Date.now();
      await poster.emitWithAck('post', { type: 'BigEvent', n, payload });
      await events.waitFor(n + 1);
      lags.push(Date.now() - postedAt);
    }
    expect(events.events.map((e) => e.args.n)).toEqual(Array.from({ length: total }, (_, n) => n));
    // The live client got every event right after it was posted, the frozen one notwithstanding.
    expect(Math.max(...lags)).toBeLessThan(2000);

    // Thawed, the frozen client reads what its connection had buffered, then finds it closed.
    process.kill(stalled.child.pid!, 'SIGCONT');
    const bye = await stalled.next((line) => 'disconnect' in line);
    expect(bye.disconnect).toBe('transport close');
    expect(bye.received as number).toBeLessThan(total);
  });
});
