import { interleaved } from './lib/load.mjs';
import { jwtFor } from './lib/auth.mjs';
import { startBareServer, startHub } from './lib/processes.mjs';

export const description =
  'POST /execute of a no-op action (util.sleep {seconds: 0}) with a Bearer JWT vs a bare node:http JSON POST';

// Issue 9's figure: the structure work must not cost /execute its speed.
const TARGET_RATIO = 0.48;
const TARGET_P99_MS = 20;
const REQUEST = JSON.stringify({ type: 'request', action: 'util.sleep', args: { seconds: 0 } });

export async function run() {
  const bare = await startBareServer();
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
      { url: `${bare.url}/execute`, method: 'POST', headers, body: REQUEST },
      [
        {
          url: `${hub.url}/execute`,
          method: 'POST',
          headers: { ...headers, authorization: `Bearer ${token}` },
          body: REQUEST,
        },
      ],
    );
    const r = { base, hub: subjects[0], ratio: subjects[0].ratio };
    const pass = r.ratio >= TARGET_RATIO && r.hub.p99 < TARGET_P99_MS && r.hub.bad === 0;
    return [
      {
        name: 'POST /execute util.sleep 0 (Bearer JWT)',
        ...r.hub,
        ratio: r.ratio,
        target: `>= ${TARGET_RATIO}x, p99 < ${TARGET_P99_MS} ms`,
        pass,
        extra: `bare ${Math.round(r.base.rps)} req/s p50 ${r.base.p50} ms p99 ${r.base.p99} ms; non-2xx/errors ${r.hub.bad}`,
      },
    ];
  } finally {
    await hub.stop();
    await bare.stop();
  }
}
