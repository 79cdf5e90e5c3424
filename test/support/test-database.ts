import { inject } from 'vitest';

import { postgresQuery } from './services/postgres-query';

/** The PostgreSQL server of the `postgres` test project, or undefined when running on SQLite. */
export function postgresAdminUrl(): string | undefined {
  return inject('postgresAdminUrl');
}

let created = 0;

/** A new empty database on the project's PostgreSQL server; returns its URL. */
export async function createTestDatabase(adminUrl: string): Promise<string> {
  const name = `hub_${process.pid}_${Date.now().toString(36)}_${++created}`;
  await postgresQuery(adminUrl, `CREATE DATABASE "${name}"`);
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}
