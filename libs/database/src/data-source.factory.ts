import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HubConfig } from '@hub/config';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './schema';

/** The TypeORM options for `db.url`: SQLite (WAL) by default, PostgreSQL for several instances. */
export function dataSourceOptions(config: Pick<HubConfig, 'db'>): DataSourceOptions {
  const url = config.db.url;
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (url.startsWith('postgres://')) return { type: 'postgres', url, ...common };
  const database = url === 'sqlite::memory:' ? ':memory:' : url.replace(/^sqlite:\/\//, '');
  if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true, mode: 0o700 });
  return {
    type: 'better-sqlite3',
    database,
    enableWAL: database !== ':memory:',
    // Writers wait for each other instead of failing with SQLITE_BUSY.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
    },
    ...common,
  };
}

/** Opens the database and applies pending migrations. */
export async function openDataSource(config: Pick<HubConfig, 'db'>): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
