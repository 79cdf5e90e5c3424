import { join } from 'node:path';

import { jwtFor } from './lib/auth.mjs';
import { interleaved, median } from './lib/load.mjs';
import { ROOT, startBareServer, startHub } from './lib/processes.mjs';

export const description =
  'POST /execute of a no-op action (util.sleep {seconds: 0}) with a Bearer JWT vs a bare node:http JSON POST';

// Issue 9's figure: the structure work must not cost /execute its speed.
const TARGET_RATIO = 0.48;
const TARGET_P99_MS = 20;
const REQUEST = JSON.stringify({ type: 'request', action: 'util.sleep', args: { seconds: 0 } });

export async function run() {
  const bare = await startBareServer();
  const fastify = await startBareServer(join(ROOT, 'bench/lib/bare-fastify-server.mjs'));
  const nest = await startBareServer(join(ROOT, 'bench/lib/bare-nest-server.mjs'));
  const hub = await startHub({ config: 'auth:\n  bcrypt_cost: 4\n' });
  try {
    const token = await jwtFor(hub.url);
    const check = await fetch(`${hub.url}/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: REQUEST,
    });
    const checked = await check.json();
    if (check.status !== 200 || checked.response.errors.length > 0) {
      throw new Error(`/execute sanity check: ${check.status} ${JSON.stringify(checked)}`);
    }
    const headers = { 'content-type': 'application/json' };
    // Alternating short rounds, median ratio: one long run each drifts with the shared machine.
    const { base, subjects } = await interleaved(
      { url: `${bare.url}/execute`, pid: bare.pid, method: 'POST', headers, body: REQUEST },
      [
        { url: `${fastify.url}/execute`, pid: fastify.pid, method: 'POST', headers, body: REQUEST },
        { url: `${nest.url}/execute`, pid: nest.pid, method: 'POST', headers, body: REQUEST },
        {
          url: `${hub.url}/execute`,
          pid: hub.pid,
          method: 'POST',
          headers: { ...headers, authorization: `Bearer ${token}` },
          body: REQUEST,
        },
      ],
    );
    const [fastifyFloor, floor, r] = subjects;
    const ofFloor = median(r.runs.map((run, i) => run.rps / floor.runs[i].rps));
    const pass = r.ratio >= TARGET_RATIO && r.p99 < TARGET_P99_MS && r.bad === 0;
    return [
      {
        name: 'Fastify alone, same answer',
        ...fastifyFloor,
        extra: 'the HTTP framework under Nest, nothing else',
      },
      {
        name: 'empty NestJS app on Fastify (the floor)',
        ...floor,
        extra: 'no guard, hooks or plugins: the ceiling for any Nest route',
      },
      {
        name: 'POST /execute util.sleep 0 (Bearer JWT)',
        ...r,
        target: `>= ${TARGET_RATIO}x, p99 < ${TARGET_P99_MS} ms`,
        pass,
        extra: `${ofFloor.toFixed(2)}x the empty Nest app; bare ${Math.round(base.rps)} req/s p50 ${base.p50} ms p99 ${base.p99} ms, server CPU ${base.cpuUs?.toFixed(0) ?? '?'} µs/req; non-2xx/errors ${r.bad}`,
      },
    ];
  } finally {
    await hub.stop();
    await nest.stop();
    await fastify.stop();
    await bare.stop();
  }
}
