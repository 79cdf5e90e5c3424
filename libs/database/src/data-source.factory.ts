import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { DataSource, type DataSourceOptions } from 'typeorm';

import { registerDatabasePort } from '@hub/common';
import type { HubConfig } from '@hub/config';

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
  if (url.startsWith('postgres://')) {
    // Its socket errors (server restarting) answer 503, not 500.
    registerDatabasePort(Number(new URL(url).port || 5432));
    return { type: 'postgres', url, ...common };
  }
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
  try {
    await runMigrationsOnce(dataSource);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  return dataSource;
}

/** Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations. */
const MIGRATIONS_LOCK = 7_305_150;

/**
 * Instances started together on one PostgreSQL would each find the migrations pending and run
 * them twice (`relation already exists`): they take turns under an advisory lock, and the ones
 * after the first find nothing left to do.
 */
async function runMigrationsOnce(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    // Released with the session too, should the unlock itself fail.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
