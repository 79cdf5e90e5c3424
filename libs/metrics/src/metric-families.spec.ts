import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { CounterFamily, HistogramFamily } from './metric-families';

async function render(...families: Array<CounterFamily | HistogramFamily>): Promise<string> {
  const registry = new Registry();
  for (const family of families) registry.registerMetric(family as never);
  return registry.metrics();
}

describe(CounterFamily.name, () => {
  it('renders one line per label set, with escaped label values', async () => {
    const family = new CounterFamily('x_total', 'Things', ['kind']);
    family.child('a').inc();
    family.child('a').inc(2);
    family.child('say "hi"\n').inc();
    const text = await render(family);
    expect(text).toContain('# TYPE x_total counter');
    expect(text).toContain('x_total{kind="a"} 3');
    expect(text).toContain('x_total{kind="say \\"hi\\"\\n"} 1');
  });

  it('shows 0 for a family without labels before anything happened', async () => {
    expect(await render(new CounterFamily('y_total', 'Ys'))).toContain('y_total 0');
  });
});

describe(HistogramFamily.name, () => {
  it('renders cumulative buckets ending at +Inf = count, with sum and count', async () => {
    const family = new HistogramFamily('d_seconds', 'Durations', ['route'], [0.1, 1]);
    for (const v of [0.05, 0.5, 0.5, 5]) family.child('/a').observe(v);
    const text = await render(family);
    expect(text).toContain('d_seconds_bucket{le="0.1",route="/a"} 1');
    expect(text).toContain('d_seconds_bucket{le="1",route="/a"} 3');
    expect(text).toContain('d_seconds_bucket{le="+Inf",route="/a"} 4');
    expect(text).toContain('d_seconds_sum{route="/a"} 6.05');
    expect(text).toContain('d_seconds_count{route="/a"} 4');
  });
});
