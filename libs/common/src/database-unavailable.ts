import { ErrorCode, HubError } from './hub-error';

/** Socket errors that mean the database server is gone, when they come from its address. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
/** Ports of the database servers this process talks to (PostgreSQL); SQLite has none. */
const databasePorts = new Set<number>();

/** Called when a networked database is opened: its socket errors then read as "unavailable". */
export function registerDatabasePort(port: number): void {
  databasePorts.add(port);
}

/**
 * Whether `err` says the database is unreachable right now rather than "this query is wrong":
 * PostgreSQL's connection-exception (08xxx) and shutdown (57P0x) codes, the pg driver's lost
 * connection, or a socket error to the database's port (not any socket error: an action's own
 * ECONNREFUSED is its failure, not the database's).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 3; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (/^08|^57P0/.test(code)) return true;
    if (SOCKET_CODES.has(code) && typeof e.port === 'number' && databasePorts.has(e.port)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (/^Connection terminated|^timeout exceeded when trying to connect/.test(message)) return true;
    // TypeORM's QueryFailedError keeps the driver's error here.
    e = e.driverError as Record<string, unknown> | undefined;
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
