import type { HubConfig } from '@hub/config';

import { CliError } from '../cli-error';

/** The SQLite file behind `db.url`; backup and restore handle SQLite only. */
export function sqliteFile(config: Pick<HubConfig, 'db'>): string {
  const url = config.db.url;
  if (url.startsWith('postgres')) {
    throw new CliError(
      'db.url is PostgreSQL: back it up with pg_dump / pg_restore (this command handles SQLite)',
    );
  }
  const path = url.replace(/^sqlite:\/\//, '');
  if (path === ':memory:' || url === 'sqlite::memory:')
    throw new CliError('db.url is an in-memory database: nothing to back up');
  return path;
}
