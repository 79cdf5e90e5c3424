import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

import { configureLogger } from '@hub/common';
import { ConfigModule, type HubConfig, loadConfig } from '@hub/config';
import { DatabaseModule } from '@hub/database';

export interface LibModuleOptions {
  /** The lib module(s) under test, e.g. `[AuthModule]`. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** config.yaml text; `workdir` (a temp dir), `db` (in-memory SQLite) and a fast `auth:` are added. */
  config?: string;
}

export interface BootedLibModule {
  module: TestingModule;
  config: HubConfig;
  dataSource: DataSource;
  /** `module.get(token)`. */
  get<T>(token: abstract new (...args: never[]) => T): T;
  /** Runs the shutdown hooks (closing the database) and deletes the temp dir. */
  close(): Promise<void>;
}

/**
 * The middle test tier: one lib module with its real providers and repositories on an in-memory
 * SQLite database (migrated), without HTTP, socket.io or the rest of the hub. Faster than an e2e
 * test, and it reaches what HTTP cannot (caches, revocation listeners, expiry against the clock).
 */
export async function bootLibModule(options: LibModuleOptions): Promise<BootedLibModule> {
  configureLogger((process.env.HUB_TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent');
  const dir = mkdtempSync(join(tmpdir(), 'hub-medium-'));
  let yaml = `workdir: ./data\ndb:\n  url: 'sqlite::memory:'\n${options.config ?? ''}\n`;
  if (!/^auth:/m.test(yaml)) yaml += 'auth:\n  bcrypt_cost: 4\n';
  writeFileSync(join(dir, 'config.yaml'), yaml);
  const config = loadConfig({ configPath: join(dir, 'config.yaml'), cwd: dir, env: {} });
  const module = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), DatabaseModule, ...options.imports],
  }).compile();
  await module.init();
  return {
    module,
    config,
    dataSource: module.get(DataSource),
    get: (token) => module.get(token),
    close: async () => {
      await module.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
