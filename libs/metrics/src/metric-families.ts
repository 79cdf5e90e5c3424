/**
 * Counter and histogram families for the hot path, registered in a prom-client Registry (which
 * renders them with its own exposition code). prom-client's own `labels(...).inc()` validates
 * and hashes the label set on every call (~0.8 µs each, four per `/execute`); these keep one
 * object per label set, so recording is a Map lookup and an addition.
 */

const KEY_SEPARATOR = '\u0000';

interface PromValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** What prom-client's Registry reads from a metric (`registerMetric`, `metrics()`). */
interface PromMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: PromValue[];
}

function labelsOf(names: readonly string[], values: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  names.forEach((name, i) => (labels[name] = values[i]));
  return labels;
}

export class CounterSeries {
  value = 0;
  constructor(readonly labels: Record<string, string>) {}
  inc(by = 1): void {
    this.value += by;
  }
}

export class CounterFamily {
  readonly type = 'counter';
  private readonly series = new Map<string, CounterSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[] = [],
  ) {}

  /** The series for these label values (in labelNames order), created on first use. */
  child(...values: string[]): CounterSeries {
    const key = values.join(KEY_SEPARATOR);
    let series = this.series.get(key);
    if (!series) {
      series = new CounterSeries(labelsOf(this.labelNames, values));
      this.series.set(key, series);
    }
    return series;
  }

  get(): PromMetric {
    // A family without labels shows 0 before its first increment, as prom-client's own do.
    if (this.labelNames.length === 0) this.child();
    const values = [...this.series.values()].map((s) => ({ labels: s.labels, value: s.value }));
    return { name: this.name, help: this.help, type: 'counter', aggregator: 'sum', values };
  }
}

export class HistogramSeries {
  /** Observations per bucket, not cumulative (the last slot is above the highest bound). */
  private readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Record<string, string>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }

  /** `_bucket` (cumulative, ending at +Inf), `_sum` and `_count` samples. */
  values(name: string): PromValue[] {
    const values: PromValue[] = [];
    let cumulative = 0;
    this.bounds.forEach((bound, i) => {
      cumulative += this.counts[i];
      values.push({ labels: { le: bound, ...this.labels }, value: cumulative, metricName: `${name}_bucket` });
    });
    values.push({ labels: { le: '+Inf', ...this.labels }, value: this.count, metricName: `${name}_bucket` });
    values.push({ labels: this.labels, value: this.sum, metricName: `${name}_sum` });
    values.push({ labels: this.labels, value: this.count, metricName: `${name}_count` });
    return values;
  }
}

export class HistogramFamily {
  readonly type = 'histogram';
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {}

  child(...values: string[]): HistogramSeries {
    const key = values.join(KEY_SEPARATOR);
    let series = this.series.get(key);
    if (!series) {
      series = new HistogramSeries(labelsOf(this.labelNames, values), this.bounds);
      this.series.set(key, series);
    }
    return series;
  }

  get(): PromMetric {
    const values = [...this.series.values()].flatMap((s) => s.values(this.name));
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values };
  }
}
