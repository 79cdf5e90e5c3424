import { jwtFor } from './lib/auth.mjs';
import { interleaved } from './lib/load.mjs';
import { startHub } from './lib/processes.mjs';

export const description =
  'POST /execute (util.sleep 0, Bearer JWT) with metrics on vs the same hub with metrics.enabled: false';

const TARGET_RATIO = 0.95;
const REQUEST = JSON.stringify({ type: 'request', action: 'util.sleep', args: { seconds: 0 } });

async function executeTarget(hub) {
  const token = await jwtFor(hub.url);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const check = await fetch(`${hub.url}/execute`, { method: 'POST', headers, body: REQUEST });
  if (check.status !== 200) throw new Error(`/execute sanity check: ${check.status} ${await check.text()}`);
  return { url: `${hub.url}/execute`, method: 'POST', headers, body: REQUEST };
}

export async function run() {
  const off = await startHub({ config: 'auth:\n  bcrypt_cost: 4\nmetrics:\n  enabled: false\n' });
  const on = await startHub({ config: 'auth:\n  bcrypt_cost: 4\n' });
  try {
    const baseline = await executeTarget(off);
    const subject = await executeTarget(on);
    const { base, subjects } = await interleaved(baseline, [subject]);
    const r = subjects[0];
    // The metrics hub really records: its /execute counter grew with the load.
    const scrape = await fetch(`${on.url}/metrics`, { headers: subject.headers });
    const counted = /hub_http_requests_total\{method="POST",route="\/execute",status="200"\} (\d+)/.exec(
      await scrape.text(),
    );
    if (!counted || Number(counted[1]) < r.requests) {
      throw new Error(`metrics hub did not count its /execute requests (${counted?.[1]} < ${r.requests})`);
    }
    return [
      {
        name: 'POST /execute, metrics on / metrics off',
        ...r,
        ratio: r.ratio,
        target: `>= ${TARGET_RATIO}x`,
        pass: r.ratio >= TARGET_RATIO && r.bad === 0,
        extra: `metrics off ${Math.round(base.rps)} req/s p50 ${base.p50} ms p99 ${base.p99} ms; non-2xx/errors ${r.bad}`,
      },
    ];
  } finally {
    await on.stop();
    await off.stop();
  }
}
