import { appendFile, lstat, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { z } from 'zod';

import { hasAdminRole } from '@hub/auth';
import { HubError } from '@hub/common';

import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext } from '../../plugin-context';
import { containedPath, type FileRoot } from './contained-path';

/** `file:` section of config.yaml. */
export const fileConfigSchema = z.strictObject({
  /** Directories the plugin may touch (relative to config.yaml's directory). Default: none. */
  dirs: z.array(z.string().min(1)).default([]),
  /**
   * The area of users who are not administrators: the only directories they may read, list and
   * stat (writes are for administrators). Default: none.
   */
  user_dirs: z.array(z.string().min(1)).default([]),
  /** Largest file `file.read` returns, in bytes. */
  max_read_bytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
});
type FileOptions = z.output<typeof fileConfigSchema>;

const path = z.string().min(1).max(4096).describe('absolute, or relative to the first directory');
const encoding = z.enum(['utf8', 'base64']).default('utf8');
const statResult = z.object({
  path: z.string(),
  type: z.enum(['file', 'directory', 'symlink', 'other']),
  size: z.number(),
  mtime: z.string(),
  mode: z.string(),
});

type Stats = Awaited<ReturnType<typeof stat>>;
function typeOf(s: Stats): 'file' | 'directory' | 'symlink' | 'other' {
  return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : s.isSymbolicLink() ? 'symlink' : 'other';
}

function fsError(err: unknown, requested: string): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return HubError.notFound(`No such file or directory: ${requested}`);
  if (code === 'EISDIR') return HubError.badRequest(`Is a directory: ${requested}`);
  if (code === 'ENOTDIR') return HubError.badRequest(`Not a directory: ${requested}`);
  if (code === 'EACCES' || code === 'EPERM') return HubError.forbidden(`Permission denied: ${requested}`);
  return err;
}

/** Files under the directories listed in config.yaml, and nowhere else. */
@Plugin({
  name: 'file',
  doc: 'Read, write, list and stat files inside the directories configured in file.dirs.',
  config: fileConfigSchema,
})
export class FilePlugin {
  @Action({
    doc: 'Read a file: {path, content, size, encoding} (base64 for binary files).',
    args: z.strictObject({ path, encoding }),
    argAliases: { file: 'path' },
    returns: z.object({ path: z.string(), content: z.string(), size: z.number(), encoding: z.string() }),
  })
  async read(args: { path: string; encoding: 'utf8' | 'base64' }, ctx: ActionContext<FileOptions>) {
    const real = containedPath(args.path, roots(ctx));
    try {
      const info = await stat(real);
      if (info.isDirectory()) throw HubError.badRequest(`Is a directory: ${args.path}`);
      if (info.size > ctx.options.max_read_bytes) {
        throw HubError.badRequest(`File is larger than ${ctx.options.max_read_bytes} bytes: ${args.path}`);
      }
      const content = await readFile(real);
      return {
        path: real,
        content: content.toString(args.encoding),
        size: content.length,
        encoding: args.encoding,
      };
    } catch (err) {
      throw fsError(err, args.path);
    }
  }

  @Action({
    doc: "Write (or append to) a file; `make_dirs` creates missing parent directories. platypush's `file` works for `path`.",
    argAliases: { file: 'path' },
    // Writing a file the hub reads (config.yaml, scripts/) is taking the hub over.
    role: 'admin',
    args: z.strictObject({
      path,
      content: z.string(),
      encoding,
      append: z.boolean().default(false),
      make_dirs: z.boolean().default(false),
    }),
    returns: z.object({ path: z.string(), size: z.number() }),
  })
  async write(
    args: { path: string; content: string; encoding: 'utf8' | 'base64'; append: boolean; make_dirs: boolean },
    ctx: ActionContext<FileOptions>,
  ) {
    const allowed = roots(ctx);
    let real = containedPath(args.path, allowed);
    try {
      if (args.make_dirs) {
        await mkdir(dirname(real), { recursive: true });
        real = containedPath(real, allowed); // the new directories must not lead outside either
      }
      const existing = await lstat(real).catch(() => null);
      if (existing?.isDirectory()) throw HubError.badRequest(`Is a directory: ${args.path}`);
      const data = Buffer.from(args.content, args.encoding);
      await (args.append ? appendFile : writeFile)(real, data);
      return { path: real, size: (await stat(real)).size };
    } catch (err) {
      throw fsError(err, args.path);
    }
  }

  @Action({
    doc: 'List a directory: [{name, type, size, mtime}], sorted by name.',
    args: z.strictObject({ path: path.optional() }),
    returns: z.array(z.object({ name: z.string(), type: z.string(), size: z.number(), mtime: z.string() })),
  })
  async list(args: { path?: string }, ctx: ActionContext<FileOptions>) {
    const allowed = roots(ctx);
    const real = containedPath(args.path ?? allowed[0]?.path ?? '.', allowed);
    try {
      const entries = await readdir(real, { withFileTypes: true });
      const rows = await Promise.all(
        entries.map(async (e) => {
          const info = await lstat(join(real, e.name));
          return { name: e.name, type: typeOf(info), size: info.size, mtime: info.mtime.toISOString() };
        }),
      );
      return rows.sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      throw fsError(err, args.path ?? '.');
    }
  }

  @Action({
    doc: 'Describe a file or directory: {path, type, size, mtime, mode}.',
    args: z.strictObject({ path }),
    returns: statResult,
  })
  async stat(args: { path: string }, ctx: ActionContext<FileOptions>) {
    const real = containedPath(args.path, roots(ctx));
    try {
      const info = await stat(real);
      return {
        path: real,
        type: typeOf(info),
        size: info.size,
        mtime: info.mtime.toISOString(),
        mode: (info.mode & 0o7777).toString(8).padStart(4, '0'),
      };
    } catch (err) {
      throw fsError(err, args.path);
    }
  }
}

/** Where this caller may go: every configured dir for administrators and automations, else `user_dirs`. */
function roots(ctx: ActionContext<FileOptions>): FileRoot[] {
  const identity = ctx.caller.identity;
  if (identity && !hasAdminRole(identity)) {
    if (ctx.options.user_dirs.length === 0) {
      throw HubError.forbidden(
        'Files are for administrators here (file.user_dirs lists what users may read)',
      );
    }
    return ctx.options.user_dirs.map((d) => ({ path: resolve(ctx.paths.configDir, d) }));
  }
  return ctx.options.dirs.map((d) => ({ path: resolve(ctx.paths.configDir, d) }));
}
