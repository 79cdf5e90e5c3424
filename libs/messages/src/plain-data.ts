/**
 * Reading caller data safely (no prototype walks, no getters) and comparing it: what hook
 * conditions, subscription filters and automation expressions all rely on.
 */
/** Names never looked up, whatever the object: the ways out of plain data into the runtime. */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor', '__defineGetter__', '__lookupGetter__']);

/**
 * Marks objects whose keys are read case-insensitively (the lower-cased headers of a webhook
 * call): a non-enumerable symbol key, which JSON, `Object.keys` and spreads never see. Not a
 * WeakSet: one entry per webhook call made every young-generation GC walk a growing table.
 */
const CASE_INSENSITIVE = Symbol('hub.readCaseInsensitively');
/** The few objects that cannot take the marker (frozen ones). */
const frozenCaseInsensitive = new WeakSet<object>();

/**
 * Lets expressions read `headers['X-Token']` and `headers.get('X-Token')` from an object whose
 * keys are all lower case (HTTP header names are case-insensitive; the event stores them lower-cased).
 */
export function readCaseInsensitively(value: object): void {
  if (Object.isExtensible(value)) Object.defineProperty(value, CASE_INSENSITIVE, { value: true });
  else frozenCaseInsensitive.add(value);
}

function isCaseInsensitive(value: object): boolean {
  return Object.hasOwn(value, CASE_INSENSITIVE) || frozenCaseInsensitive.has(value);
}

/**
 * Reads `key` of `value` as data only: own properties of plain objects and arrays, `length` of
 * strings and arrays. Never walks the prototype chain and never calls getters of class instances.
 */
export function readProperty(value: unknown, key: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof key !== 'string' && typeof key !== 'number') return undefined;
  const name = String(key);
  if (FORBIDDEN.has(name)) return undefined;
  if (typeof value === 'string') {
    if (name === 'length') return value.length;
    return isIndex(name) ? value[Number(name)] : undefined;
  }
  if (Array.isArray(value)) {
    if (name === 'length') return value.length;
    if (isIndex(name)) return value[Number(name)] as unknown;
    // Python-style negative index: list[-1].
    if (/^-\d+$/.test(name)) return value[value.length + Number(name)] as unknown;
    return undefined;
  }
  if (typeof value !== 'object' || !isPlainData(value)) return undefined;
  let descriptor = Object.getOwnPropertyDescriptor(value, name);
  if (!descriptor && isCaseInsensitive(value))
    descriptor = Object.getOwnPropertyDescriptor(value, name.toLowerCase());
  return descriptor && 'value' in descriptor ? (descriptor.value as unknown) : undefined;
}

/** Plain objects (any prototype that is Object.prototype or null), not class instances like Buffer. */
export function isPlainData(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isIndex(name: string): boolean {
  return /^(0|[1-9]\d*)$/.test(name);
}

/** An object built from entries without ever invoking a `__proto__` setter. */
export function dataObject(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(entries);
}

/** A plain object (not an array, not a class instance such as Buffer). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && isPlainData(v);
}

/** Structural equality of JSON-like data. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}
