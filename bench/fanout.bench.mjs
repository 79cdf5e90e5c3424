// One event fanned out to 1,000 socket.io clients living in another process: time from post to
// the last client's delivery (p50/p99 over one-at-a-time events) and the sustained rate with a few
// events in flight. Every client must get every event, in order.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHub } from './lib/processes.mjs';

export const description = 'one event to 1,000 socket.io clients (clients in a separate process)';

const here = dirname(fileURLToPath(import.meta.url));
const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const LATENCY_EVENTS = 200;
const THROUGHPUT_SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 10), 10);
const TOKEN = 'fanout-bench-token';

export async function run() {
  const hub = await startHub({ config: `token: ${TOKEN}\n` });
  const clients = fork(
    join(here, 'fanout/clients.mjs'),
    [JSON.stringify({ url: hub.url, token: TOKEN, clients: CLIENTS })],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      clients.once('message', resolve);
      clients.once('exit', (code) => reject(new Error(`fan-out clients exited ${code}`)));
      if (msg) clients.send(msg);
    });
  try {
    await ask(null); // ready: every client connected and subscribed
    await ask({ cmd: 'latency', events: 20 }); // warm-up
    const { times, firsts } = await ask({ cmd: 'latency', events: LATENCY_EVENTS });
    const { completed, ms } = await ask({ cmd: 'throughput', seconds: THROUGHPUT_SECONDS, window: 8 });
    const totals = await ask({ cmd: 'totals' });
    const sorted = [...times].sort((a, b) => a - b);
    const pct = (p) => round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
    const p50 = pct(50);
    const firstP50 = round([...firsts].sort((a, b) => a - b)[firsts.length >> 1]);
    const eventsPerSecond = (completed / ms) * 1000;
    const intact = totals.lost === 0 && totals.outOfOrder === 0 && totals.disconnects === 0;
    const integrity = `${totals.expected} events × ${CLIENTS} clients, lost ${totals.lost}, out of order ${totals.outOfOrder}, disconnects ${totals.disconnects}`;
    return [
      {
        name: `post → last of ${CLIENTS} deliveries`,
        p50,
        p99: pct(99),
        extra: `first delivery p50 ${firstP50} ms; ${integrity}`,
        target: 'p50 < 50 ms, no lost event',
        pass: p50 < 50 && intact,
      },
      {
        name: `sustained fan-out to ${CLIENTS} clients`,
        rps: eventsPerSecond,
        extra: `events/s (${Math.round(eventsPerSecond * CLIENTS)} deliveries/s)`,
        target: 'no lost event',
        pass: intact,
      },
    ];
  } finally {
    if (clients.exitCode === null) clients.kill();
    await hub.stop();
  }
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}
