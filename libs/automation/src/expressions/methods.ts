import { isObject, readProperty } from '@hub/messages';

import { ExpressionError } from './expression-error';
import { toText } from './functions';

type Method = (receiver: unknown, args: unknown[]) => unknown;

function text(receiver: unknown, name: string): string {
  if (typeof receiver !== 'string')
    throw new ExpressionError(`.${name}() needs a string, got ${kind(receiver)}`);
  return receiver;
}

function mapping(receiver: unknown, name: string): Record<string, unknown> {
  if (!isObject(receiver)) throw new ExpressionError(`.${name}() needs a mapping, got ${kind(receiver)}`);
  return receiver;
}

function kind(value: unknown): string {
  if (value === undefined || value === null) return 'None';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** Python's str.strip(chars): without chars, whitespace. */
function strip(value: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    return left && right ? value.trim() : left ? value.trimStart() : value.trimEnd();
  }
  const set = new Set(toText(chars));
  let start = 0;
  let end = value.length;
  while (left && start < end && set.has(value[start])) start++;
  while (right && end > start && set.has(value[end - 1])) end--;
  return value.slice(start, end);
}

/** Python's str.split(sep, maxsplit): without sep, runs of whitespace, ignoring the ends. */
function split(value: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  const parts =
    sep === undefined || sep === null ? value.trim().split(/\s+/).filter(Boolean) : value.split(toText(sep));
  if (parts.length - 1 <= limit) return parts;
  const joiner = sep === undefined || sep === null ? ' ' : toText(sep);
  return [...parts.slice(0, limit), parts.slice(limit).join(joiner)];
}

/**
 * The methods an expression may call on a value, with Python's meaning: the string methods
 * platypush's docs use and a mapping's get/keys/values/items. Each takes and returns plain data;
 * calling one on the wrong kind of value is an ExpressionError, as Python raises AttributeError.
 */
export const EXPRESSION_METHODS: Readonly<Record<string, Method>> = Object.freeze({
  get: (r, [key, fallback]) => {
    const value = readProperty(mapping(r, 'get'), key);
    return value === undefined ? (fallback ?? null) : value;
  },
  keys: (r) => Object.keys(mapping(r, 'keys')),
  values: (r) => Object.values(mapping(r, 'values')),
  items: (r) => Object.entries(mapping(r, 'items')),
  lower: (r) => text(r, 'lower').toLowerCase(),
  upper: (r) => text(r, 'upper').toUpperCase(),
  strip: (r, [chars]) => strip(text(r, 'strip'), chars, true, true),
  lstrip: (r, [chars]) => strip(text(r, 'lstrip'), chars, true, false),
  rstrip: (r, [chars]) => strip(text(r, 'rstrip'), chars, false, true),
  startswith: (r, [prefix]) => text(r, 'startswith').startsWith(toText(prefix)),
  endswith: (r, [suffix]) => text(r, 'endswith').endsWith(toText(suffix)),
  split: (r, [sep, maxsplit]) => split(text(r, 'split'), sep, maxsplit),
  replace: (r, [from, to]) => text(r, 'replace').split(toText(from)).join(toText(to)),
  join: (r, [list]) => {
    if (!Array.isArray(list)) throw new ExpressionError(`.join() needs a list, got ${kind(list)}`);
    return list.map(toText).join(text(r, 'join'));
  },
});
