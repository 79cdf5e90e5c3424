import { DataSource } from 'typeorm';

/** Runs one SQL statement on a PostgreSQL URL over a connection of its own, and returns the rows. */
export async function postgresQuery<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const dataSource = new DataSource({ type: 'postgres', url, poolSize: 1 });
  await dataSource.initialize();
  try {
    return await dataSource.query<T[]>(sql);
  } finally {
    await dataSource.destroy();
  }
}
