import type { Reading } from '../live/use-reading';

/** At most `points` readings: equal-width buckets averaged, so a long history stays a readable line. */
export function downsample(readings: Reading[], points: number): Reading[] {
  const valid = readings.filter((r): r is Reading & { value: number } => r.value !== null);
  if (valid.length <= points) return valid;
  const out: Reading[] = [];
  const size = valid.length / points;
  for (let i = 0; i < points; i++) {
    const bucket = valid.slice(Math.floor(i * size), Math.floor((i + 1) * size));
    if (!bucket.length) continue;
    out.push({
      value: bucket.reduce((sum, r) => sum + r.value, 0) / bucket.length,
      at: bucket[bucket.length - 1].at,
    });
  }
  return out;
}
