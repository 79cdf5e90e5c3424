import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const libs = [
  'config',
  'common',
  'messages',
  'database',
  'auth',
  'events',
  'plugins',
  'automation',
  'http-api',
  'files',
  'realtime',
];

export default defineConfig({
  // SWC instead of esbuild: Nest's DI needs emitDecoratorMetadata.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: Object.fromEntries(libs.map((lib) => [`@hub/${lib}`, resolve(__dirname, `libs/${lib}/src`)])),
  },
  test: {
    include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
