import {
  compileLinearPattern,
  hasTopicWildcard,
  type LinearPattern,
  PatternError,
  topicFilterError,
  topicMatches,
} from '@hub/common';

import { normaliseEventType } from '../event';
import { deepEqual, isObject, readProperty } from '../plain-data';

const OPERATORS = ['$gt', '$gte', '$lt', '$lte', '$eq', '$ne', '$regex'] as const;
type Operator = (typeof OPERATORS)[number];

const MAX_REGEX_LENGTH = 200;
/** Longer strings are not tested against a pattern (bounds the work a caller can cause). */
const MAX_REGEX_INPUT = 4096;

export class ConditionError extends Error {
  constructor(
    readonly path: Array<string | number>,
    message: string,
  ) {
    super(message);
  }
}

/** Tests one field value; returns the reason it matched, or null. */
type FieldTest = (value: unknown, label: string) => string | null;

/**
 * A hook's `if:` compiled once: the event type (platypush class paths resolve to their last
 * segment) and a test per field. Nested mappings match partially; `$gt $gte $lt $lte $eq $ne
 * $regex` compare as in platypush.
 */
export class Condition {
  private constructor(
    /** Null: any event type. */
    readonly type: string | null,
    private readonly tests: Array<readonly [string, FieldTest]>,
    /** Field values that are plain literals (e.g. `hook: lights`), for indexing webhooks. */
    readonly literals: Readonly<Record<string, unknown>>,
  ) {}

  static compile(raw: Record<string, unknown>): Condition {
    let type: string | null = null;
    const tests: Array<readonly [string, FieldTest]> = [];
    const literals: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'type') {
        if (typeof value !== 'string' || value.length === 0)
          throw new ConditionError([key], 'type: expected an event type name');
        type = normaliseEventType(value);
        continue;
      }
      const topicFilter = isTopicFilter(raw, key, value);
      tests.push([key, topicFilter ?? compileField(value, [key])]);
      if (!isObject(value) && !topicFilter) literals[key] = value;
    }
    return new Condition(type, tests, literals);
  }

  /** Why the event's fields (its `args`) match, or null when they do not. */
  match(args: Record<string, unknown>): string | null {
    const type = typeof args.type === 'string' ? normaliseEventType(args.type) : '';
    if (this.type !== null && this.type !== type) return null;
    const reasons: string[] = [this.type === null ? 'any event type' : `type is ${type}`];
    for (const [key, test] of this.tests) {
      const reason = test(readProperty(args, key), key);
      if (reason === null) return null;
      reasons.push(reason);
    }
    return reasons.join('; ');
  }
}

/**
 * `topic: zigbee2mqtt/#` on an MQTTMessageEvent hook is an MQTT topic filter, as a broker reads
 * it (`+` one level, `#` the rest); elsewhere the same string is a plain value.
 */
function isTopicFilter(raw: Record<string, unknown>, key: string, value: unknown): FieldTest | null {
  if (key !== 'topic' || typeof value !== 'string' || !hasTopicWildcard(value)) return null;
  if (typeof raw.type !== 'string' || normaliseEventType(raw.type) !== 'MQTTMessageEvent') return null;
  const error = topicFilterError(value);
  if (error) throw new ConditionError([key], `topic: ${error}`);
  return (topic, label) =>
    typeof topic === 'string' && topicMatches(value, topic)
      ? `${label} ${show(topic)} matches ${value}`
      : null;
}

function compileField(expected: unknown, path: Array<string | number>): FieldTest {
  if (!isObject(expected)) {
    return (value, label) => (deepEqual(value, expected) ? `${label} = ${show(expected)}` : null);
  }
  const keys = Object.keys(expected);
  const operatorKeys = keys.filter((k) => k.startsWith('$'));
  if (operatorKeys.length > 0) {
    if (operatorKeys.length !== keys.length)
      throw new ConditionError(path, 'operators ($gt, ...) cannot be mixed with field names');
    const tests = operatorKeys.map((op) => compileOperator(op, expected[op], [...path, op]));
    return (value, label) => {
      const reasons: string[] = [];
      for (const test of tests) {
        const reason = test(value, label);
        if (reason === null) return null;
        reasons.push(reason);
      }
      return reasons.join(', ');
    };
  }
  // A nested mapping: every listed field must match; other fields of the event are ignored.
  const nested = keys.map((k) => [k, compileField(expected[k], [...path, k])] as const);
  return (value, label) => {
    if (!isObject(value)) return null;
    const reasons: string[] = [];
    for (const [key, test] of nested) {
      const reason = test(readProperty(value, key), `${label}.${key}`);
      if (reason === null) return null;
      reasons.push(reason);
    }
    return reasons.join('; ');
  };
}

function compileOperator(op: string, operand: unknown, path: Array<string | number>): FieldTest {
  if (!(OPERATORS as readonly string[]).includes(op))
    throw new ConditionError(path, `unknown operator ${op} (use ${OPERATORS.join(' ')})`);
  switch (op as Operator) {
    case '$eq':
      return (v, label) => (deepEqual(v, operand) ? `${label} = ${show(operand)}` : null);
    case '$ne':
      return (v, label) => (deepEqual(v, operand) ? null : `${label} != ${show(operand)}`);
    case '$regex':
      return compileRegex(operand, path);
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (typeof operand !== 'number' && typeof operand !== 'string')
        throw new ConditionError(path, `${op}: expected a number or a string`);
      const holds = ORDER[op as '$gt'];
      return (v, label) =>
        typeof v === typeof operand && holds(v as number, operand as number)
          ? `${label} ${show(v)} ${op} ${show(operand)}`
          : null;
    }
  }
}

const ORDER: Record<'$gt' | '$gte' | '$lt' | '$lte', (a: number, b: number) => boolean> = {
  $gt: (a, b) => a > b,
  $gte: (a, b) => a >= b,
  $lt: (a, b) => a < b,
  $lte: (a, b) => a <= b,
};

function compileRegex(pattern: unknown, path: Array<string | number>): FieldTest {
  if (typeof pattern !== 'string') throw new ConditionError(path, '$regex: expected a string');
  if (pattern.length > MAX_REGEX_LENGTH)
    throw new ConditionError(path, `$regex: pattern longer than ${MAX_REGEX_LENGTH} characters`);
  // Linear time whatever the pattern: conditions come from webhook-facing hooks, socket.io
  // filters and dry runs, so a pattern must never be able to stall the hub.
  let regex: LinearPattern;
  try {
    regex = compileLinearPattern(pattern);
  } catch (err) {
    if (!(err instanceof PatternError)) throw err;
    throw new ConditionError(path, `$regex: ${err.message}`);
  }
  return (v, label) =>
    typeof v === 'string' && v.length <= MAX_REGEX_INPUT && regex.test(v)
      ? `${label} ${show(v)} matches /${pattern}/`
      : null;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
