import { join } from 'node:path';

import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { configureLogger } from '@hub/common';
import { MIGRATIONS, openDataSource } from '@hub/database';

import { type PostgresServer, startPostgres } from './support/services/postgres';
import { tempDirs } from './support/test-hub';

const tempDir = tempDirs();

/** Every table with its columns (name:type:nullable), sorted: what the migrations built. */
async function schemaOf(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const tables = await runner.getTables(
      dataSource.entityMetadatas.map((m) => m.tableName).concat('migrations'),
    );
    return tables
      .map((table) => {
        const columns = table.columns.map(
          (c) => `${c.name}${c.isPrimary ? '*' : ''}${c.isNullable ? '?' : ''}`,
        );
        return `${table.name.replace(/^public\./, '')}(${columns.sort().join(',')})`;
      })
      .sort();
  } finally {
    await runner.release();
  }
}

describe('PostgreSQL migrations', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    configureLogger('silent');
    server = await startPostgres();
  });
  afterAll(() => server.destroy());

  it('run once when several instances start together on an empty database', async () => {
    const url = await server.createDatabase();
    const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openDataSource({ db: { url } })));
    const failures = opened.filter((o) => o.status === 'rejected').map((o) => String(o.reason));
    expect(failures).toEqual([]);
    const rows = await server.query<{ name: string }>(
      'SELECT name FROM migrations ORDER BY id',
      url.split('/').pop(),
    );
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    for (const o of opened) if (o.status === 'fulfilled') await o.value.destroy();
  });

  it('build the same tables and columns as on SQLite', async () => {
    const postgres = await openDataSource({ db: { url: await server.createDatabase() } });
    const sqlite = await openDataSource({ db: { url: `sqlite://${join(tempDir(), 'hub.db')}` } });
    try {
      const pgSchema = await schemaOf(postgres);
      expect(pgSchema.length).toBe(postgres.entityMetadatas.length + 1);
      expect(pgSchema).toEqual(await schemaOf(sqlite));
    } finally {
      await postgres.destroy();
      await sqlite.destroy();
    }
  });
});
