import { type AttributeSchema, COMMON_ATTRIBUTES } from './attribute-schema';
import { isScriptUrl } from './xml-parser';

/** A value an attribute string became, keyed by the kebab-case attribute name. */
export type AttributeValues = Record<string, unknown>;

export interface AttributeProblem {
  attribute: string;
  message: string;
}

export interface Coerced {
  values: AttributeValues;
  problems: AttributeProblem[];
}

/**
 * Types the attribute strings of one element by its schema: numbers, booleans, JSON, lists.
 * Defaults fill what is absent; unknown attributes and missing required ones are problems.
 */
export function coerceAttributes(
  attrs: Record<string, string>,
  schema: Record<string, AttributeSchema>,
  required: readonly string[] = [],
  withCommon = true,
): Coerced {
  const all = withCommon ? { ...COMMON_ATTRIBUTES, ...schema } : schema;
  const values: AttributeValues = {};
  const problems: AttributeProblem[] = [];
  for (const [name, raw] of Object.entries(attrs)) {
    const attribute = Object.prototype.hasOwnProperty.call(all, name) ? all[name] : undefined;
    if (!attribute) {
      problems.push({ attribute: name, message: `Unknown attribute '${name}'` });
      continue;
    }
    const result = coerceValue(raw, attribute);
    if ('error' in result) problems.push({ attribute: name, message: `'${name}': ${result.error}` });
    else values[name] = result.value;
  }
  for (const [name, attribute] of Object.entries(all)) {
    if (name in values || name in attrs) continue;
    if (required.includes(name)) problems.push({ attribute: name, message: `Missing attribute '${name}'` });
    else if (attribute.default !== undefined) values[name] = structuredCloneJson(attribute.default);
  }
  return { values, problems };
}

export function coerceValue(raw: string, schema: AttributeSchema): { value: unknown } | { error: string } {
  const text = raw.trim();
  switch (schema.type) {
    case 'string':
      if (schema.enum && !schema.enum.includes(text))
        return { error: `expected one of ${schema.enum.join(', ')}, got "${raw}"` };
      if (schema.format === 'uri' && !isSafeUrl(text))
        return { error: `expected a relative, http(s) or data:image URL, got "${raw}"` };
      if (schema.format === 'time' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(text))
        return { error: `expected HH:MM, got "${raw}"` };
      return { value: schema.enum || schema.format ? text : raw };
    case 'number':
    case 'integer': {
      const n = text === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) return { error: `expected a number, got "${raw}"` };
      if (schema.type === 'integer' && !Number.isInteger(n))
        return { error: `expected a whole number, got "${raw}"` };
      if (schema.minimum !== undefined && n < schema.minimum)
        return { error: `must be at least ${schema.minimum}, got ${n}` };
      if (schema.maximum !== undefined && n > schema.maximum)
        return { error: `must be at most ${schema.maximum}, got ${n}` };
      return { value: n };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', '1', 'yes', 'on', ''].includes(lower)) return { value: true };
      if (['false', '0', 'no', 'off'].includes(lower)) return { value: false };
      return { error: `expected true or false, got "${raw}"` };
    }
    case 'object': {
      const parsed = parseJson(text);
      if (parsed === undefined || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return { error: `expected a JSON object like {"key": "value"}, got "${raw}"` };
      }
      return { value: parsed };
    }
    case 'array': {
      const parsed = text.startsWith('[') ? parseJson(text) : splitList(text);
      if (!Array.isArray(parsed))
        return { error: `expected a JSON array or a comma-separated list, got "${raw}"` };
      const itemType = schema.items?.type ?? 'string';
      if (!parsed.every((item) => typeof item === itemType))
        return { error: `expected a list of ${itemType}s` };
      return { value: parsed };
    }
  }
}

/** Relative URLs, http(s) and inline images only: never a scheme that runs code or leaves the web. */
export function isSafeUrl(url: string): boolean {
  if (isScriptUrl(url)) return false;
  if (/^data:/i.test(url)) return /^data:image\/(png|jpeg|gif|webp);/i.test(url);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  return !scheme || /^https?$/i.test(scheme[1]);
}

function splitList(text: string): string[] {
  return text === ''
    ? []
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function structuredCloneJson<T>(value: T): T {
  return typeof value === 'object' && value !== null ? (JSON.parse(JSON.stringify(value)) as T) : value;
}
