import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { AuthModule } from '@hub/auth';
import { ConfigModule, type HubConfig } from '@hub/config';
import { DatabaseModule } from '@hub/database';

import { CliError } from './cli-error';

/** The hub's own config, database and auth services, without HTTP, plugins or automation. */
@Module({})
class CliModule {
  static forRoot(config: HubConfig): DynamicModule {
    return { module: CliModule, imports: [ConfigModule.forRoot(config), DatabaseModule, AuthModule] };
  }
}

/**
 * Runs `work` with a Nest application context of the hub's services on the configured database
 * (SQLite in WAL mode: a running hub keeps serving; writers wait for each other up to 5 s).
 */
export async function withHubServices<T>(
  config: HubConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
      logger: false,
      abortOnError: false,
    });
  } catch (err) {
    throw asDatabaseError(err, config);
  }
  try {
    return await work(app);
  } catch (err) {
    throw asDatabaseError(err, config);
  } finally {
    await app.close();
  }
}

/** SQLite's "database is locked" becomes a sentence saying what to do. */
export function asDatabaseError(err: unknown, config: Pick<HubConfig, 'db'>): unknown {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_BUSY' || /database is locked/i.test(message)) {
    return new CliError(
      `the database is locked (${config.db.url}): another process holds a write lock; try again, or stop what holds it`,
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new CliError(`cannot use the database ${config.db.url}: ${message}`);
  }
  return err;
}
