import type { TestProject } from 'vitest/node';

import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set in the `postgres` project: the admin URL of the PostgreSQL server its hubs run on. */
    postgresAdminUrl: string;
  }
}

/** Starts one PostgreSQL for the `postgres` test project; every hub booted there gets its own database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresAdminUrl', server.url());
  return () => server.destroy();
}
