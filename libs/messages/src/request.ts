import { z } from 'zod';

import { parseInput } from '@hub/common';

import { isActionName } from './action-name';
import type { HubRequest } from './wire';

const shown = (value: unknown) => JSON.stringify(value);
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const requestSchema = z.object(
  {
    type: z.literal('request', { error: (i) => `expected 'request', got ${shown(i.input)}` }).optional(),
    action: z.custom<string>(isActionName, {
      error: (i) => (i.input === undefined ? 'missing' : `expected 'plugin.action', got ${shown(i.input)}`),
    }),
    args: z.custom<Record<string, unknown>>(isObject, { error: 'expected an object' }).optional(),
    id: z
      .custom<string>((v) => typeof v === 'string' && v.length > 0 && v.length <= 128, {
        error: 'expected a string of 1-128 characters',
      })
      .optional(),
    timeout: z
      .custom<number>((v) => typeof v === 'number' && v > 0, {
        error: 'expected a positive number of seconds',
      })
      .optional(),
  },
  { error: 'The request body must be a JSON object' },
);

/** Validates a decoded JSON body as a Request, listing everything wrong with it. */
export function parseRequest(body: unknown): HubRequest {
  const request = parseInput(requestSchema, body);
  return {
    type: 'request',
    action: request.action,
    args: request.args ?? {},
    id: request.id,
    timeout: request.timeout,
  };
}
