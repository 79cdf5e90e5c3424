import { isObject } from '@hub/messages';

/** The only functions an expression can call. Each takes and returns plain data. */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, (...args: unknown[]) => unknown>> = Object.freeze({
  len: (v) =>
    typeof v === 'string' || Array.isArray(v) ? v.length : isObject(v) ? Object.keys(v).length : 0,
  str: (v) => toText(v),
  int: (v) => {
    const n = Math.trunc(Number(v));
    return Number.isFinite(n) ? n : null;
  },
  float: (v) => {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  },
  bool: (v) => truthy(v),
  round: (v, digits) => {
    const f = 10 ** (Number(digits) || 0);
    return Math.round(Number(v) * f) / f;
  },
  abs: (v) => Math.abs(Number(v)),
  min: (...v) => Math.min(...flatNumbers(v)),
  max: (...v) => Math.max(...flatNumbers(v)),
  lower: (v) => toText(v).toLowerCase(),
  upper: (v) => toText(v).toUpperCase(),
  trim: (v) => toText(v).trim(),
  contains: (container, item) =>
    typeof container === 'string'
      ? container.includes(toText(item))
      : Array.isArray(container)
        ? container.some((x) => x === item)
        : isObject(container) && typeof item === 'string' && Object.hasOwn(container, item),
  startswith: (v, prefix) => toText(v).startsWith(toText(prefix)),
  endswith: (v, suffix) => toText(v).endsWith(toText(suffix)),
  split: (v, sep) => toText(v).split(sep === undefined ? /\s+/ : toText(sep)),
  join: (list, sep) =>
    Array.isArray(list) ? list.map(toText).join(sep === undefined ? ',' : toText(sep)) : '',
  keys: (v) => (isObject(v) ? Object.keys(v) : []),
  range: (a, b) => {
    const [start, end] = b === undefined ? [0, Number(a)] : [Number(a), Number(b)];
    const size = Math.max(0, Math.min(10_000, Math.trunc(end - start)));
    return Array.from({ length: size }, (_, i) => start + i);
  },
  now: () => Date.now() / 1000,
  json: (v) => JSON.stringify(v) ?? 'null',
  default: (v, fallback) => (v === undefined || v === null ? fallback : v),
});

/** Python-ish truthiness: empty strings, lists and dicts are false. */
export function truthy(v: unknown): boolean {
  if (Array.isArray(v) || typeof v === 'string') return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

function flatNumbers(values: unknown[]): number[] {
  const list = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  return list.map(Number);
}
