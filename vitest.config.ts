import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** The `@hub/<lib>` aliases come from tsconfig.json's `paths`: one list for tsc, the build and vitest. */
const tsconfig = JSON.parse(readFileSync(resolve(__dirname, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const alias = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [
    name,
    resolve(__dirname, target),
  ]),
);

/**
 * The e2e files that store things (users, sessions, tokens, variables, hooks, the event log): the
 * `postgres` project runs them again with every hub on its own PostgreSQL database.
 */
const STORAGE_E2E = [
  'auth-brute-force',
  'auth-login-audit',
  'auth-pages',
  'auth-revocations',
  'auth-sessions',
  'auth-tokens',
  'auth-users',
  'automation',
  'feeds',
  'plugins-variable',
  'realtime-auth',
  'realtime',
  'security-retention',
  'webhook',
].map((name) => `test/${name}.e2e-spec.ts`);

export default defineConfig({
  // SWC instead of esbuild: Nest's DI needs emitDecoratorMetadata.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          // Three tiers: unit specs next to the code, medium specs (one lib module on in-memory
          // SQLite, test/support/lib-module.ts) and e2e specs (the whole hub, real clients).
          include: [
            'libs/**/*.spec.ts',
            'apps/**/*.spec.ts',
            'test/medium/**/*.medium-spec.ts',
            'test/**/*.e2e-spec.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: STORAGE_E2E,
          globalSetup: ['test/support/services/postgres.global-setup.ts'],
        },
      },
      // The webapp's unit tests (stores, schema form) run in happy-dom with the Vue plugin.
      'webapp/vitest.config.ts',
    ],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
