import { HubError } from '@hub/common';
import { normaliseEventType } from '@hub/messages';

/** Whether an event's `args` (type + fields) satisfy a filter. */
export type EventPredicate = (args: Record<string, unknown>) => boolean;

const OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte', '$eq', '$ne', '$regex', '$in']);
const MAX_REGEX_LENGTH = 200;
const MAX_DEPTH = 8;

/**
 * Compiles a hook-style condition (`{type: 'SensorEvent', room: 'living', temperature: {$gt: 25}}`)
 * into a predicate, once, at subscribe time: a bad filter is refused there with every problem
 * listed, and matching an event is then cheap. Nested objects match partially (extra fields in the
 * event are fine); `type` accepts a platypush class path like the bus does.
 */
export function compileCondition(condition: unknown): EventPredicate {
  if (!isPlainObject(condition)) throw HubError.badRequest('filter: expected an object');
  const problems: string[] = [];
  const predicate = compileObject(condition, 'filter', problems, 0, true);
  if (problems.length > 0) throw HubError.badRequest(problems.join('; '), problems);
  return predicate;
}

function compileObject(
  condition: Record<string, unknown>,
  path: string,
  problems: string[],
  depth: number,
  root: boolean,
): EventPredicate {
  if (depth > MAX_DEPTH) {
    problems.push(`${path}: nested too deep`);
    return () => false;
  }
  const checks: Array<(value: Record<string, unknown>) => boolean> = [];
  for (const [key, expected] of Object.entries(condition)) {
    const fieldPath = `${path}.${key}`;
    if (root && key === 'type') {
      if (typeof expected !== 'string') {
        problems.push(`${fieldPath}: expected an event type name`);
        continue;
      }
      const type = normaliseEventType(expected);
      checks.push((args) => args.type === type);
      continue;
    }
    const check = compileValue(expected, fieldPath, problems, depth + 1);
    checks.push((obj) => Object.hasOwn(obj, key) && check(obj[key]));
  }
  return (value) => checks.every((check) => check(value));
}

function compileValue(
  expected: unknown,
  path: string,
  problems: string[],
  depth: number,
): (actual: unknown) => boolean {
  if (isPlainObject(expected)) {
    const keys = Object.keys(expected);
    if (keys.length > 0 && keys.every((k) => k.startsWith('$')))
      return compileOperators(expected, path, problems);
    const nested = compileObject(expected, path, problems, depth, false);
    return (actual) => isPlainObject(actual) && nested(actual);
  }
  return (actual) => deepEqual(actual, expected);
}

function compileOperators(
  ops: Record<string, unknown>,
  path: string,
  problems: string[],
): (actual: unknown) => boolean {
  const checks: Array<(actual: unknown) => boolean> = [];
  for (const [op, operand] of Object.entries(ops)) {
    if (!OPERATORS.has(op)) {
      problems.push(`${path}: unknown operator ${op} (known: ${[...OPERATORS].join(' ')})`);
      continue;
    }
    switch (op) {
      case '$eq':
        checks.push((a) => deepEqual(a, operand));
        break;
      case '$ne':
        checks.push((a) => !deepEqual(a, operand));
        break;
      case '$in':
        if (!Array.isArray(operand)) problems.push(`${path}.$in: expected a list`);
        else checks.push((a) => operand.some((o) => deepEqual(a, o)));
        break;
      case '$regex': {
        if (typeof operand !== 'string' || operand.length > MAX_REGEX_LENGTH) {
          problems.push(`${path}.$regex: expected a pattern of at most ${MAX_REGEX_LENGTH} characters`);
          break;
        }
        try {
          const re = new RegExp(operand);
          checks.push((a) => typeof a === 'string' && re.test(a));
        } catch (err) {
          problems.push(`${path}.$regex: ${(err as Error).message}`);
        }
        break;
      }
      default: {
        // $gt $gte $lt $lte: numbers with numbers, strings with strings (ISO dates compare well).
        if (typeof operand !== 'number' && typeof operand !== 'string') {
          problems.push(`${path}.${op}: expected a number or a string`);
          break;
        }
        const compare = ORDER[op as keyof typeof ORDER];
        checks.push((a) => typeof a === typeof operand && compare(a as number | string, operand));
      }
    }
  }
  return (actual) => checks.every((check) => check(actual));
}

const ORDER = {
  $gt: (a: number | string, b: number | string) => a > b,
  $gte: (a: number | string, b: number | string) => a >= b,
  $lt: (a: number | string, b: number | string) => a < b,
  $lte: (a: number | string, b: number | string) => a <= b,
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}
