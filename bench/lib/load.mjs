import autocannon from 'autocannon';

export const DEFAULTS = { connections: 50, duration: Number(process.env.BENCH_SECONDS ?? 10) };

/** Runs autocannon against one URL; returns req/s (mean), latency p50/p99 (ms) and error counts. */
export async function load(options) {
  const result = await autocannon({ ...DEFAULTS, ...options });
  const bad = result.non2xx + result.errors + result.timeouts;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    bad,
  };
}

/** Warms both servers, then measures them alternately so drift on a shared machine hits both. */
export async function compare(baseline, subject, { warmup = 2 } = {}) {
  await load({ ...baseline, duration: warmup });
  await load({ ...subject, duration: warmup });
  const base = await load(baseline);
  const hub = await load(subject);
  return { base, hub, ratio: hub.rps / base.rps };
}
