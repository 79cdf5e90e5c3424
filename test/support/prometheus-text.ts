/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: every
 * line must be a valid comment, HELP, TYPE or sample; samples belong to a declared family and
 * come in one block; no series appears twice; histogram buckets are cumulative and end at
 * `+Inf` = `_count`. Anything else throws with the line number.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum`, ...). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<MetricType, string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parseMetrics(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: MetricFamily | null = null;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!meta) return; // a plain comment
      const [, kind, name, rest] = meta;
      if (!METRIC_NAME.test(name)) fail('bad metric name');
      let family = families.get(name);
      if (!family) {
        if (closed.has(name)) fail('family appears twice');
        family = { name, type: 'untyped', help: '', samples: [] };
        families.set(name, family);
      }
      if (current && current !== family) closed.add(current.name);
      current = family;
      if (kind === 'TYPE') {
        if (!TYPES.has(rest as MetricType)) fail('unknown type');
        if (family.samples.length > 0) fail('TYPE after samples');
        family.type = rest as MetricType;
      } else {
        family.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      }
      return;
    }
    if (line.trim() === '') return; // the format ignores empty lines
    const { name, labels, value } = parseSample(line, fail);
    const family = current;
    if (!family) return fail('sample before any HELP/TYPE');
    const suffix = name.slice(family.name.length);
    if (!name.startsWith(family.name) || !SUFFIXES[family.type].includes(suffix)) {
      fail(`sample does not belong to family ${family.name}`);
    }
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) fail('duplicate series');
    seen.add(key);
    family.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function parseSample(line: string, fail: (why: string) => never): Omit<Sample, never> {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) fail('bad sample name');
  const name = nameMatch[0];
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const eq = line.indexOf('=', i);
      if (eq < 0) fail('label without =');
      const label = line.slice(i, eq);
      if (!LABEL_NAME.test(label)) fail(`bad label name ${label}`);
      if (label in labels) fail(`label ${label} twice`);
      if (line[eq + 1] !== '"') fail('label value not quoted');
      let value = '';
      let j = eq + 2;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\') {
          const escaped = line[++j];
          if (escaped === 'n') value += '\n';
          else if (escaped === '\\' || escaped === '"') value += escaped;
          else fail('bad escape in label value');
        } else value += line[j];
      }
      if (j >= line.length) fail('unterminated label value');
      labels[label] = value;
      i = j + 1;
      if (line[i] === ',') i++;
      else if (line[i] !== '}') fail('expected , or }');
    }
    i++;
  }
  if (line[i] !== ' ') fail('expected a space before the value');
  const parts = line.slice(i + 1).split(' ');
  if (parts.length > 2) fail('too many fields');
  const value = parseValue(parts[0]);
  if (value === null) fail('bad value');
  if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) fail('bad timestamp');
  return { name, labels, value: value };
}

/** As Go's strconv.ParseFloat, which Prometheus uses: `NaN` / `Inf` in any case. */
function parseValue(text: string): number | null {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

/** Buckets cumulative per series, each series with a +Inf bucket equal to its _count. */
function checkHistogram(family: MetricFamily): void {
  const series = new Map<string, { buckets: Array<[number, number]>; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket')) {
      const bound = le === undefined ? null : parseValue(le);
      if (bound === null) throw new Error(`${family.name}: bucket without a valid le`);
      entry.buckets.push([bound, sample.value]);
    } else if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of series) {
    buckets.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < buckets.length; i++) {
      if (buckets[i][1] < buckets[i - 1][1]) throw new Error(`${family.name}${key}: buckets not cumulative`);
    }
    const inf = buckets.at(-1);
    if (!inf || inf[0] !== Infinity || inf[1] !== count) {
      throw new Error(`${family.name}${key}: +Inf bucket missing or not equal to _count`);
    }
  }
}

/** Sum of the values of `family`'s samples named `sample` (default: the family) matching `labels`. */
export function sampleValue(
  families: Map<string, MetricFamily>,
  family: string,
  labels: Record<string, string> = {},
  sample = family,
): number {
  return (families.get(family)?.samples ?? [])
    .filter((s) => s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
