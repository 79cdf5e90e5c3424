// Builds webapp/dist unless it was built from exactly these sources: `npm start` runs this every
// time, and a second start with nothing changed must not spend seconds on a rebuild. The stamp is
// a SHA-256 of every input file (path + content) and the root lockfile, kept in dist/.source-hash.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const webapp = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(webapp);
const stampFile = join(webapp, 'dist', '.source-hash');

/** Everything the build reads. Add a path here when the build starts reading it. */
const INPUTS = [
  'webapp/src',
  'webapp/public',
  'webapp/build',
  'webapp/index.html',
  'webapp/vite.config.ts',
  'webapp/tsconfig.json',
  'webapp/package.json',
  'package-lock.json',
  // Wire types (import type) and widget schemas shared with the server.
  'libs/messages/src',
];

function* walk(path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name.endsWith('.spec.ts')) continue;
      yield* walk(join(path, name));
    }
  } else yield path;
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of walk(join(root, input))) {
      hash.update(relative(root, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

const wanted = sourceHash();
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (current === wanted && !process.argv.includes('--force')) {
  process.stdout.write('webapp: up to date (webapp/dist)\n');
  process.exit(0);
}

process.stdout.write('webapp: building webapp/dist\n');
const require = createRequire(join(webapp, 'package.json'));
const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: webapp,
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, `${wanted}\n`);
