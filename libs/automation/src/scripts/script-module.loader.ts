import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, extname, join } from 'node:path';

import type * as Swc from '@swc/core';

export const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.ts'];

/**
 * Loads a user script's default export fresh from disk (the owner's code; it runs in-process).
 * `.js` is required in place (CommonJS) with its cache entry dropped first; `.mjs` and `.ts`
 * are compiled to CommonJS with @swc/core into `cacheDir` and required from there, so relative
 * imports inside them resolve from the cache: keep those scripts single-file.
 */
export function loadScriptModule(file: string, cacheDir: string): unknown {
  const ext = extname(file);
  if (ext === '.js') return requireFresh(file);
  const source = readFileSync(file, 'utf8');
  const code = transpile(source, file, ext === '.ts');
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const compiled = join(cacheDir, `${basename(file, ext)}.${hash}.cjs`);
  writeFileSync(compiled, code);
  return requireFresh(compiled);
}

function requireFresh(file: string): unknown {
  const load = createRequire(file);
  delete load.cache[load.resolve(file)];
  return load(file) as unknown;
}

function transpile(source: string, file: string, typescript: boolean): string {
  let swc: typeof Swc;
  try {
    swc = createRequire(__filename)('@swc/core') as typeof Swc;
  } catch {
    throw new Error('loading .mjs and .ts scripts needs the @swc/core package (npm install @swc/core)');
  }
  return swc.transformSync(source, {
    filename: file,
    sourceMaps: false,
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: typescript ? { syntax: 'typescript' } : { syntax: 'ecmascript' } },
  }).code;
}

/** The function a script exports (`module.exports = fn` or `export default fn`). */
export function scriptEntry(mod: unknown): ((api: unknown) => unknown) | null {
  if (typeof mod === 'function') return mod as (api: unknown) => unknown;
  const fallback = (mod as { default?: unknown } | null)?.default;
  return typeof fallback === 'function' ? (fallback as (api: unknown) => unknown) : null;
}
