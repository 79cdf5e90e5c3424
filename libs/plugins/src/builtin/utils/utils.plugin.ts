import { opendir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

import { z } from 'zod';

import { HubError } from '@hub/common';

import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext } from '../../plugin-context';

const MAX_RESULTS = 10_000;
const MAX_DEPTH = 16;

const searchArgs = z.strictObject({
  directory: z
    .string()
    .min(1)
    .max(4096)
    .describe('a directory inside one of backend.http.resource_dirs (path on disk, or <mount>/<sub dir>)'),
  extensions: z
    .array(z.string().regex(/^\.?[A-Za-z0-9]{1,16}$/, 'an extension like jpg or .png'))
    .max(50)
    .default([])
    .describe('file extensions to keep (case-insensitive); empty: every file'),
});

/**
 * platypush `utils` (the hub's own `util` stays): the web URLs of files under a mounted
 * directory, as platypush's ImageCarousel widget asks for them.
 */
@Plugin({
  name: 'utils',
  doc: 'platypush utils: search_web_directory lists /resources URLs of files under a mounted directory.',
})
export class UtilsPlugin {
  @Action({
    doc: 'Files under `directory` (recursively, sorted) whose extension is listed, as /resources/<mount>/<path> URLs.',
    args: searchArgs,
    returns: z.array(z.string()),
  })
  async search_web_directory(args: z.output<typeof searchArgs>, ctx: ActionContext) {
    const { mount, root, dir } = await this.locate(args.directory, ctx.paths.resourceDirs);
    const wanted = new Set(args.extensions.map((e) => e.replace(/^\./, '').toLowerCase()));
    const urls: string[] = [];
    await walk(dir, root, 0, (file) => {
      const dot = file.lastIndexOf('.');
      const ext = dot > file.lastIndexOf('/') ? file.slice(dot + 1).toLowerCase() : '';
      if (wanted.size > 0 && !wanted.has(ext)) return true;
      const path = relative(root, file).split(sep).map(encodeURIComponent).join('/');
      urls.push(`/resources/${encodeURIComponent(mount)}/${path}`);
      return urls.length < MAX_RESULTS;
    });
    return urls.sort();
  }

  /** The mount holding `directory`, with both resolved through symlinks (no escaping a mount). */
  private async locate(directory: string, mounts: Readonly<Record<string, string>>) {
    const roots = await Promise.all(
      Object.entries(mounts).map(
        async ([mount, path]) => [mount, await realpath(path).catch(() => null)] as const,
      ),
    );
    let target: string | null;
    if (isAbsolute(directory)) {
      target = await realpath(directory).catch(() => null);
    } else {
      const [mount, ...rest] = directory.split('/');
      const root = roots.find(([m]) => m === mount)?.[1];
      target = root ? await realpath(join(root, ...rest)).catch(() => null) : null;
    }
    for (const [mount, root] of roots) {
      if (!root || !target) continue;
      if (target === root || target.startsWith(root + sep)) return { mount, root, dir: target };
    }
    throw HubError.notFound(
      `'${directory}' is not a directory inside backend.http.resource_dirs (mounts: ${Object.keys(mounts).join(', ') || 'none'})`,
    );
  }
}

/** Depth-first over real files; symlinks are not followed (they could leave the mount). */
async function walk(
  dir: string,
  root: string,
  depth: number,
  visit: (file: string) => boolean,
): Promise<boolean> {
  if (depth > MAX_DEPTH) return true;
  let handle;
  try {
    handle = await opendir(dir);
  } catch {
    return true;
  }
  for await (const entry of handle) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(await walk(path, root, depth + 1, visit))) return false;
    } else if (entry.isFile()) {
      if (!visit(path)) return false;
    }
  }
  return true;
}
