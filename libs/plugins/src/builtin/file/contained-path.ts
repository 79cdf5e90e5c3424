import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path';

import { HubError } from '@hub/common';

/** A directory files may be read and written under. */
export interface FileRoot {
  /** As configured (absolute). */
  path: string;
}

function within(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** realpath of the deepest existing ancestor, with the missing tail appended. */
function realpathAllowingMissing(path: string): string {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return resolve(realpathSync(current), ...missing.reverse());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}

/**
 * Resolves a user-given path (absolute, or relative to the first root) and proves it stays
 * inside one of the roots, both as written (`..`) and after following symlinks. Throws 403 when
 * it does not.
 */
export function containedPath(requested: string, roots: ReadonlyArray<FileRoot>): string {
  if (roots.length === 0) {
    throw HubError.forbidden('The file plugin has no directories configured (file.dirs in config.yaml)');
  }
  if (requested.includes('\0')) throw HubError.badRequest('path: contains a NUL byte', ['path: NUL byte']);
  const absolute = isAbsolute(requested) ? resolve(requested) : resolve(roots[0].path, requested);
  const root = roots.find((r) => within(absolute, r.path));
  const outside = () => HubError.forbidden(`Path '${requested}' is outside the file plugin's directories`);
  if (!root) throw outside();
  const real = realpathAllowingMissing(absolute);
  const realRoot = realpathAllowingMissing(root.path);
  if (!within(real, realRoot)) throw outside();
  return real;
}
