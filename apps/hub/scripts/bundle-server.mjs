// `npm run build`'s last step: the compiled server (dist/apps/hub/src/main.js and everything it
// imports from dist/) as one file, dist/hub.js, which `npm start` runs. A cold start spent most
// of its time resolving, reading and wrapping some 2,000 module files; in one file the hub's own
// code and most of its dependencies start about a quarter faster (docs/operations.md).
//
// Bundled from tsc's output, not the TypeScript: the decorator metadata Nest reads is already
// emitted there. Left outside, and loaded from node_modules as before:
// - native addons (better-sqlite3, bcrypt) and packages that start worker threads from their own
//   files (pino);
// - TypeORM, which loads its drivers by name at run time;
// - what the hub itself loads on first use (lazyModule: mqtt, ioredis, feedsmith,
//   systeminformation) or only for user scripts (@swc/core);
// - optional packages that Nest, TypeORM and ws probe for and the hub does not install.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

const EXTERNAL = [
  // native, worker threads, run-time loading
  'better-sqlite3',
  'bcrypt',
  'pino',
  'thread-stream',
  'pino-pretty',
  'typeorm',
  // loaded on first use by the hub
  'mqtt',
  'ioredis',
  'feedsmith',
  'systeminformation',
  '@swc/core',
  // optional peers probed by Nest, TypeORM and ws, not installed
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/platform-express',
  '@nestjs/websockets/socket-module',
  '@fastify/static',
  '@fastify/view',
  'class-transformer',
  'class-transformer/*',
  'class-validator',
  'bufferutil',
  'utf-8-validate',
];

await build({
  entryPoints: [join(root, 'dist/apps/hub/src/main.js')],
  outfile: join(root, 'dist/hub.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Nest names providers and log contexts after their classes.
  keepNames: true,
  // No comments or indentation: the source stays in memory for as long as the hub runs, and one
  // non-ASCII character in a comment would make V8 keep all of it as two-byte text (15 MiB).
  // Names stay readable in stack traces; `node --enable-source-maps dist/hub.js` maps them back
  // to the compiled files.
  minifyWhitespace: true,
  sourcemap: 'linked',
  charset: 'ascii',
  // Licence notices of the bundled packages go beside it, in dist/hub.js.LEGAL.txt.
  legalComments: 'linked',
  external: EXTERNAL,
  logLevel: 'warning',
});
