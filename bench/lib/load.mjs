import autocannon from 'autocannon';

import { serverCpuMicros } from './server-cpu.mjs';

export const DEFAULTS = { connections: 50, duration: Number(process.env.BENCH_SECONDS ?? 10) };

/**
 * Runs autocannon against one URL; returns req/s (mean), latency p50/p99 (ms) and error counts.
 * With `pid` (the server's process), also `cpuUs`: the server's CPU time per request.
 */
export async function load({ pid, ...options }) {
  const cpuBefore = pid === undefined ? undefined : serverCpuMicros(pid);
  const result = await autocannon({ ...DEFAULTS, ...options });
  const cpuAfter = pid === undefined ? undefined : serverCpuMicros(pid);
  const bad = result.non2xx + result.errors + result.timeouts;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    bad,
    cpuUs:
      cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
        ? undefined
        : (cpuAfter - cpuBefore) / result.requests.total,
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summarise(runs) {
  const mean = (key) => runs.reduce((sum, r) => sum + r[key], 0) / runs.length;
  const cpu = runs.map((r) => r.cpuUs).filter((x) => x !== undefined);
  return {
    rps: mean('rps'),
    p50: Math.round(mean('p50')),
    p99: Math.round(mean('p99')),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
    bad: runs.reduce((sum, r) => sum + r.bad, 0),
    cpuUs: cpu.length === runs.length ? median(cpu) : undefined,
  };
}

/**
 * Bare CPU per request over the subject's, median of the rounds: the ratio a machine whose load
 * generator and neighbours take turns with the server cannot bend (req/s ratios swing with
 * them). Undefined unless both sides were measured with a `pid`.
 */
function cpuRatio(subjectRuns, baseRuns) {
  if (subjectRuns.some((r, i) => r.cpuUs === undefined || baseRuns[i].cpuUs === undefined)) return undefined;
  return median(subjectRuns.map((r, i) => baseRuns[i].cpuUs / r.cpuUs));
}

/**
 * Measures in several short rounds, each the baseline then every subject (after a warm-up),
 * with the median of the per-round ratios: on a shared 2-core machine one long run each is at
 * the mercy of whatever else runs. `runs` keep each round's figures for relative comparisons.
 */
export async function interleaved(
  baseline,
  subjects,
  rounds = 5,
  // Benches that are not HTTP loads (MQTT, MPD) bring their own measurement, with the same
  // result fields, and say which figure the ratio compares (latency: subject / bare).
  { measure = load, ratio = (x, base) => x.rps / base.rps } = {},
) {
  const duration = Math.max(1, Math.round(DEFAULTS.duration / rounds));
  for (const target of [baseline, ...subjects]) await measure({ ...target, duration: 2 });
  const bases = [];
  const runs = subjects.map(() => []);
  for (let i = 0; i < rounds; i++) {
    bases.push(await measure({ ...baseline, duration }));
    for (const [j, subject] of subjects.entries()) runs[j].push(await measure({ ...subject, duration }));
  }
  return {
    base: summarise(bases),
    subjects: runs.map((r) => ({
      ...summarise(r),
      runs: r,
      ratio: median(r.map((x, i) => ratio(x, bases[i]))),
      cpuRatio: cpuRatio(r, bases),
    })),
  };
}
