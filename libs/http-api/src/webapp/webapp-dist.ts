import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

import { mimeForName } from '@hub/files';

/** One built file, with the variants the build precompressed next to it. */
export interface WebappAsset {
  /** URL path below `/ui/`, e.g. `assets/index-3f2a.js`. */
  path: string;
  type: string;
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  /** Strong ETag of the file's content (the encoding is appended per variant). */
  etag: string;
  /** Vite puts content-hashed names under assets/: they never change, so browsers keep them. */
  immutable: boolean;
}

const VARIANTS = new Set(['.gz', '.br']);

/**
 * Where the build lives: `webapp/dist` next to the repository's `webapp/package.json`, found by
 * walking up from this file (it runs from `libs/` under vitest and from `dist/libs/` when built).
 * `HUB_WEBAPP_DIST` overrides it.
 */
export function locateWebappDist(start = __dirname, env = process.env): string | null {
  if (env.HUB_WEBAPP_DIST) return env.HUB_WEBAPP_DIST;
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'webapp', 'package.json'))) return join(dir, 'webapp', 'dist');
    if (dirname(dir) === dir) return null;
  }
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

function contentType(path: string): string {
  const type = mimeForName(path) ?? 'application/octet-stream';
  return /^text\/|javascript|json|svg/.test(type) ? `${type}; charset=utf-8` : type;
}

/** Reads the whole build into memory once (a few hundred KB): every request is then a Map lookup. */
export function readWebappDist(dir: string): Map<string, WebappAsset> {
  const assets = new Map<string, WebappAsset>();
  if (!existsSync(join(dir, 'index.html'))) return assets;
  for (const file of files(dir)) {
    const path = relative(dir, file).split(sep).join('/');
    const ext = path.slice(path.lastIndexOf('.'));
    if (VARIANTS.has(ext) || path.startsWith('.')) continue;
    const identity = readFileSync(file);
    const variant = (suffix: string) =>
      existsSync(`${file}${suffix}`) ? readFileSync(`${file}${suffix}`) : undefined;
    assets.set(path, {
      path,
      type: contentType(path),
      identity,
      gzip: variant('.gz'),
      br: variant('.br'),
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
      immutable: path.startsWith('assets/'),
    });
  }
  return assets;
}
