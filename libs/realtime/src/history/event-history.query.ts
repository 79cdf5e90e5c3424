import { HubError } from '@hub/common';
import { normaliseEventType } from '@hub/messages';

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

export function parseHistoryQuery(query: Record<string, unknown>): HistoryQuery {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = query[name];
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    return typeof last === 'string' && last !== '' ? last : undefined;
  };
  const time = (name: string): Date | null => {
    const value = text(name);
    if (value === undefined) return null;
    // Seconds since the epoch (platypush `_timestamp`) or an ISO-8601 string.
    const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
    if (Number.isNaN(date.getTime())) {
      problems.push(`${name}: expected an ISO-8601 time or epoch seconds`);
      return null;
    }
    return date;
  };
  const seq = (name: string): number | null => {
    const value = text(name);
    if (value === undefined) return null;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) {
      problems.push(`${name}: expected an event seq`);
      return null;
    }
    return n;
  };

  const typesText = text('types');
  const types = typesText
    ? typesText
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
        .map(normaliseEventType)
    : [];
  let limit = DEFAULT_HISTORY_LIMIT;
  const limitText = text('limit');
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT) {
      problems.push(`limit: expected an integer from 1 to ${MAX_HISTORY_LIMIT}`);
    }
  }
  const order = text('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') problems.push('order: expected asc or desc');
  const result: HistoryQuery = {
    types: types.length > 0 ? types : null,
    from: time('from'),
    to: time('to'),
    after: seq('after'),
    before: seq('before'),
    limit,
    order: order as 'asc' | 'desc',
  };
  if (problems.length > 0) throw HubError.badRequest(problems.join('; '), problems);
  return result;
}
