// Scale-out (api.md §10): hubs on one real PostgreSQL + redis-server. Cross-instance delivery
// latency, /execute with Redis configured against the same hub without it, and one event to
// 1,000 socket.io clients split across two instances.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jwtFor } from './lib/auth.mjs';
import { interleaved, median } from './lib/load.mjs';
import { startBareServer, startHub } from './lib/processes.mjs';
import { startPostgres, startRedis } from './lib/cluster-services.mjs';

export const description = 'two hubs on PostgreSQL + Redis: cross-instance events, /execute, fan-out';

const here = dirname(fileURLToPath(import.meta.url));
const TOKEN = 'cluster-bench-token';
const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const LATENCY_EVENTS = 300;
const REQUEST = JSON.stringify({ type: 'request', action: 'util.sleep', args: { seconds: 0 } });

export async function run() {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const clustered = `token: ${TOKEN}\ndb:\n  url: ${postgres.url}\nredis:\n  url: ${redis.url}\n`;
  const hubs = [];
  try {
    const [a, b] = await Promise.all([
      startHub({ config: `device_id: a\n${clustered}` }),
      startHub({ config: `device_id: b\n${clustered}` }),
    ]);
    hubs.push(a, b);
    const rows = [await crossInstanceLatency(a, b), await fanOut(a, b)];
    rows.push(await executeWithRedis(redis.url));
    return rows;
  } finally {
    for (const hub of hubs) await hub.stop();
    await Promise.all([postgres.stop(), redis.stop()]);
  }
}

/** Starts bench/fanout/clients.mjs on the given instances; returns an IPC request function. */
function clients(options) {
  const child = fork(join(here, 'fanout/clients.mjs'), [JSON.stringify({ token: TOKEN, ...options })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`bench clients exited ${code}`)));
      if (msg) child.send(msg);
    });
  return { ask, stop: () => child.exitCode === null && child.kill() };
}

const pct = (values, p) => {
  const sorted = [...values].sort((x, y) => x - y);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) / 100;
};

/** Posted on a, received by a client of b: one at a time, post to delivery. */
async function crossInstanceLatency(a, b) {
  const c = clients({ urls: [b.url], postUrl: a.url, clients: 1 });
  try {
    await c.ask(null);
    await c.ask({ cmd: 'latency', events: 50 }); // warm-up
    const { times } = await c.ask({ cmd: 'latency', events: LATENCY_EVENTS });
    const totals = await c.ask({ cmd: 'totals' });
    const p50 = pct(times, 50);
    return {
      name: 'event posted on A → client on B',
      p50,
      p99: pct(times, 99),
      extra: `${LATENCY_EVENTS} events; lost ${totals.lost}, out of order ${totals.outOfOrder}`,
      target: 'p50 < 5 ms',
      pass: p50 < 5 && totals.lost === 0 && totals.outOfOrder === 0,
    };
  } finally {
    c.stop();
  }
}

/** One event at a time to CLIENTS clients, half on each instance, posted on a. */
async function fanOut(a, b) {
  const c = clients({ urls: [a.url, b.url], postUrl: a.url, clients: CLIENTS });
  try {
    await c.ask(null);
    await c.ask({ cmd: 'latency', events: 20 });
    const { times } = await c.ask({ cmd: 'latency', events: 200 });
    await c.ask({ cmd: 'throughput', seconds: 3, window: 8 });
    const totals = await c.ask({ cmd: 'totals' });
    const intact = totals.lost === 0 && totals.outOfOrder === 0 && totals.disconnects === 0;
    return {
      name: `post → last of ${CLIENTS} clients on 2 instances`,
      p50: pct(times, 50),
      p99: pct(times, 99),
      extra: `${totals.expected} events × ${CLIENTS} clients, lost ${totals.lost}, out of order ${totals.outOfOrder}, disconnects ${totals.disconnects}`,
      target: 'none lost',
      pass: intact,
    };
  } finally {
    c.stop();
  }
}

/** The same single hub with and without redis.url, each round measured against a bare server. */
async function executeWithRedis(redisUrl) {
  const bare = await startBareServer();
  const auth = 'auth:\n  bcrypt_cost: 4\n';
  const plain = await startHub({ config: auth });
  const withRedis = await startHub({ config: `${auth}redis:\n  url: ${redisUrl}\n` });
  try {
    // Bearer JWTs, as in execute.bench: in a cluster their rows are re-read every second.
    const tokens = new Map([
      [plain, await jwtFor(plain.url)],
      [withRedis, await jwtFor(withRedis.url)],
    ]);
    const target = (hub) => ({
      url: `${hub.url}/execute`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(hub)}` },
      body: REQUEST,
    });
    const { subjects } = await interleaved({ url: `${bare.url}/execute`, method: 'POST', body: REQUEST }, [
      target(plain),
      target(withRedis),
    ]);
    const [without, redis] = subjects;
    const ratio = median(redis.runs.map((run, i) => run.rps / without.runs[i].rps));
    return {
      name: 'POST /execute, redis.url set vs not',
      rps: redis.rps,
      p50: redis.p50,
      p99: redis.p99,
      ratio,
      extra: `without Redis ${Math.round(without.rps)} req/s; non-2xx/errors ${redis.bad + without.bad}`,
      target: '>= 0.9x',
      pass: ratio >= 0.9 && redis.bad === 0 && without.bad === 0,
    };
  } finally {
    await withRedis.stop();
    await plain.stop();
    await bare.stop();
  }
}
