import { z } from 'zod';

import { parseInput } from '@hub/common';

import { eventTypesField, lastText, numberField, seqField } from '../query-fields';

/** `GET /events/history` query, validated. */
export interface HistoryQuery {
  types: string[] | null;
  /** Events at or after this time. */
  from: Date | null;
  /** Events before this time. */
  to: Date | null;
  /** Paging cursors: seq strictly after / before. */
  after: number | null;
  before: number | null;
  limit: number;
  order: 'asc' | 'desc';
}

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 1000;

/** `from` / `to`: epoch seconds (platypush `_timestamp`) or an ISO-8601 string. Absent: null. */
const timeField = z.preprocess(
  lastText,
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return null;
      const date = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
      if (!Number.isNaN(date.getTime())) return date;
      ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 time or epoch seconds' });
      return z.NEVER;
    }),
);

const historyQuery = z.object({
  limit: numberField(
    (n) => Number.isInteger(n) && n >= 1 && n <= MAX_HISTORY_LIMIT,
    `expected an integer from 1 to ${MAX_HISTORY_LIMIT}`,
  ).transform((n) => n ?? DEFAULT_HISTORY_LIMIT),
  order: z.preprocess(
    (v) => lastText(v) ?? 'desc',
    z.enum(['asc', 'desc'], { error: 'expected asc or desc' }),
  ),
  from: timeField,
  to: timeField,
  after: seqField,
  before: seqField,
  types: eventTypesField,
});

export function parseHistoryQuery(query: Record<string, unknown>): HistoryQuery {
  return parseInput(historyQuery, query);
}
