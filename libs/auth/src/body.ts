import type { z } from 'zod';

import { HubError, parseInput } from '@hub/common';

/**
 * Validates a JSON or form body against `schema`; a missing body, a non-object or a failing
 * field is a 400 naming each field.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw HubError.badRequest('The request body must be a JSON object or a form');
  }
  return parseInput(schema, body);
}

/** Form checkboxes arrive as `on`/`true`/`1`; JSON as booleans. */
export function checkboxValue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return ['on', 'true', '1', 'yes'].includes(value.toLowerCase());
  return false;
}
