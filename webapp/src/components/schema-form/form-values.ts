import type { FieldSpec } from './json-schema';

/** What each control holds, by field key: text as typed, or a checkbox's state. */
export type FormValues = Record<string, string | boolean>;

/** Problems found before sending (a number that is not one, JSON that does not parse), by field key. */
export type FieldErrors = Record<string, string>;

function flatten(fields: FieldSpec[]): FieldSpec[] {
  return fields.flatMap((f) => (f.kind === 'object' ? flatten(f.children ?? []) : [f]));
}

function toText(field: FieldSpec, value: unknown): string | boolean {
  if (field.kind === 'boolean') return value === true;
  if (value === undefined) return '';
  if (value === null) return 'null';
  switch (field.kind) {
    case 'list':
      return Array.isArray(value) ? value.map(String).join('\n') : JSON.stringify(value);
    case 'json':
      return JSON.stringify(value, null, 2);
    case 'enum':
      return JSON.stringify(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** The form's starting values: each field's default, else empty. */
export function initialValues(fields: FieldSpec[]): FormValues {
  return Object.fromEntries(flatten(fields).map((f) => [f.key, toText(f, f.default)]));
}

/** The form's values for given arguments (switching from raw JSON back to the form). */
export function valuesFromArgs(fields: FieldSpec[], args: Record<string, unknown>): FormValues {
  const at = (key: string): unknown =>
    key.split('.').reduce<unknown>((obj, part) => (obj as Record<string, unknown> | undefined)?.[part], args);
  return Object.fromEntries(flatten(fields).map((f) => [f.key, toText(f, at(f.key))]));
}

function parseNumber(text: string, integer: boolean): number | string {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) return 'expected a number';
  if (integer && !Number.isInteger(n)) return 'expected a whole number';
  return n;
}

/** One field's value, or undefined to leave it out, or `{error}`. */
function parseValue(
  field: FieldSpec,
  raw: string | boolean | undefined,
): { value?: unknown; error?: string } {
  if (field.kind === 'boolean') return { value: raw === true };
  const text = typeof raw === 'string' ? raw : '';
  if (text.trim() === '') return {};
  if (field.nullable && text.trim() === 'null') return { value: null };
  switch (field.kind) {
    case 'string':
      return { value: text };
    case 'number':
    case 'integer': {
      const n = parseNumber(text, field.kind === 'integer');
      return typeof n === 'number' ? { value: n } : { error: n };
    }
    case 'enum': {
      // Choices are JSON-encoded in the select (an enum may mix strings and numbers).
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { value: text };
      }
    }
    case 'list': {
      const items = text.split('\n').filter((line) => line.trim() !== '');
      if (field.itemKind === 'number' || field.itemKind === 'integer') {
        const numbers = items.map((i) => parseNumber(i, field.itemKind === 'integer'));
        const bad = numbers.find((n) => typeof n === 'string');
        return bad !== undefined ? { error: `${bad} on every line` } : { value: numbers };
      }
      if (field.itemKind === 'boolean') return { value: items.map((i) => i.trim() === 'true') };
      return { value: items };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: 'not valid JSON' };
      }
    case 'object':
      return {};
  }
}

/**
 * The arguments to send: empty optional fields are left out (the server applies its defaults),
 * an unticked optional checkbox without a default too. Client-side problems come back by key.
 */
export function argsFromValues(
  fields: FieldSpec[],
  values: FormValues,
  touched: ReadonlySet<string> = new Set(),
): { args: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const build = (specs: FieldSpec[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const field of specs) {
      if (field.kind === 'object') {
        const child = build(field.children ?? []);
        if (Object.keys(child).length > 0 || field.required) out[field.name] = child;
        continue;
      }
      if (
        field.kind === 'boolean' &&
        !field.required &&
        field.default === undefined &&
        !touched.has(field.key)
      ) {
        continue;
      }
      const { value, error } = parseValue(field, values[field.key]);
      if (error) errors[field.key] = error;
      else if (value !== undefined) out[field.name] = value;
    }
    return out;
  };
  return { args: build(fields), errors };
}

/**
 * Places the server's 400 messages (`"path.to.field: message"`, api.md §3) at the deepest field
 * whose key starts the path (`tags.2` → `tags`); the rest (`(args): Unrecognized key`) stay general.
 */
export function placeServerErrors(
  fields: FieldSpec[],
  messages: string[],
): { byField: FieldErrors; general: string[] } {
  const keys = flatten(fields)
    .map((f) => f.key)
    .sort((a, b) => b.length - a.length);
  const byField: FieldErrors = {};
  const general: string[] = [];
  for (const message of messages) {
    const colon = message.indexOf(': ');
    const path = colon > 0 ? message.slice(0, colon) : '';
    const key = keys.find((k) => path === k || path.startsWith(`${k}.`));
    if (key)
      byField[key] = byField[key] ? `${byField[key]}; ${message.slice(colon + 2)}` : message.slice(colon + 2);
    else general.push(message);
  }
  return { byField, general };
}
