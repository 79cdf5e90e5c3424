import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DASHBOARD_NAME } from '../model';

export interface DashboardFile {
  name: string;
  xml: string;
  etag: string;
  updatedAt: Date;
}

/**
 * The dashboards directory (`<config dir>/dashboards/<name>.xml`): the only code that touches it.
 * Writes go to a temporary file renamed over the old one, so a reader (or the watcher) never sees
 * half a file.
 */
export class DashboardFiles {
  constructor(readonly dir: string) {}

  /** Names of the `*.xml` files with a valid dashboard name, sorted. */
  async names(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    return entries
      .filter((f) => f.endsWith('.xml'))
      .map((f) => f.slice(0, -4))
      .filter((n) => DASHBOARD_NAME.test(n))
      .sort();
  }

  /** The file, or null when there is none. */
  async read(name: string): Promise<DashboardFile | null> {
    const path = this.path(name);
    try {
      const [xml, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
      return { name, xml, etag: etagOf(xml), updatedAt: info.mtime };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async write(name: string, xml: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
    await writeFile(tmp, xml, 'utf8');
    await rename(tmp, this.path(name));
  }

  /** True when there was a file to delete. */
  async delete(name: string): Promise<boolean> {
    try {
      await rm(this.path(name));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  path(name: string): string {
    return join(this.dir, `${name}.xml`);
  }
}

/** A strong ETag of the file's content: equal content, equal tag, whatever the mtime. */
export function etagOf(xml: string): string {
  return `"${createHash('sha256').update(xml).digest('base64url').slice(0, 22)}"`;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}
