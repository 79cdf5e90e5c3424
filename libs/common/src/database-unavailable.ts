import { ErrorCode, HubError } from './hub-error';

/**
 * Error codes that mean "the database cannot be reached right now" rather than "this query is
 * wrong": PostgreSQL's connection-exception (08xxx) and shutdown (57P0x) classes, and the
 * socket errors of a server that went away.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/** Whether `err` (TypeORM, pg, or a socket error) says the database is unreachable. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 4; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_CODES.has(code) || /^08|^57P0/.test(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (/Connection terminated|connection is closed|timeout exceeded when trying to connect/i.test(message))
      return true;
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return false;
}

/** The 503 to answer instead of `err` when it says the database is unreachable (api.md §10), else null. */
export function databaseUnavailableError(err: unknown): HubError | null {
  if (!isDatabaseUnavailable(err)) return null;
  return new HubError(ErrorCode.Unavailable, 'The database is unavailable; retry shortly', {
    headers: { 'Retry-After': '1' },
    cause: err,
  });
}
