import { type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

import { HubError } from '@hub/common';
import type { DirectoryListing, ListingEntry, MountView } from '@hub/messages';

import { mimeForName } from '../mime-types';
import type { ResourceRequest } from './request-path';
import type { Mount, ResourceMounts } from './resource-mounts';

export type { DirectoryListing, ListingEntry, MountView } from '@hub/messages';

export type ResolvedResource =
  | { kind: 'file'; root: string; relative: string; stats: Stats }
  | { kind: 'directory'; listing: DirectoryListing };

const MAX_LISTING = 10_000;

/** Not found, whatever the reason: the answer never tells an outside file from a missing one. */
const notFound = (): HubError => HubError.notFound('Not found');

/**
 * Resolves a parsed `/resources` request to a regular file or a directory listing, refusing
 * (404) anything whose real path leaves the mount's real root.
 */
export class ResourcesService {
  constructor(private readonly mounts: ResourceMounts) {}

  mountViews(): MountView[] {
    return this.mounts.all().map((m) => ({
      name: m.name,
      public: m.public,
      listing: m.listing,
      url: `/resources/${encodeURIComponent(m.name)}/`,
    }));
  }

  mount(name: string): Mount | undefined {
    return this.mounts.get(name);
  }

  async resolve(mount: Mount, request: ResourceRequest): Promise<ResolvedResource> {
    const root = this.mounts.realRoot(mount);
    if (root === null) throw notFound();
    const real = await realpath(join(root, ...request.segments)).catch(() => null);
    if (real === null || !isInside(root, real)) throw notFound();
    const stats = await stat(real).catch(() => null);
    if (stats === null) throw notFound();

    if (stats.isDirectory()) {
      if (!mount.listing) throw notFound();
      return { kind: 'directory', listing: await this.list(mount, root, real) };
    }
    // FIFOs, sockets and devices are never streamed (a FIFO would hang the request).
    if (!stats.isFile() || request.directory) throw notFound();
    const rel = relative(root, real);
    // The target of an in-mount symlink may be a dotfile: hidden like the name itself.
    if (hasHiddenPart(rel)) throw notFound();
    return { kind: 'file', root, relative: rel, stats };
  }

  private async list(mount: Mount, root: string, dir: string): Promise<DirectoryListing> {
    const rel = relative(root, dir);
    const path = rel === '' ? '' : `${rel.split(sep).join('/')}/`;
    const base = `/resources/${encodeURIComponent(mount.name)}/${path
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
    const dirents = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => !d.name.startsWith('.'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const entries: ListingEntry[] = [];
    for (const dirent of dirents.slice(0, MAX_LISTING)) {
      const full = join(dir, dirent.name);
      // Symlinks are listed only when they stay inside the mount, like the files they lead to.
      if (dirent.isSymbolicLink()) {
        const target = await realpath(full).catch(() => null);
        if (target === null || !isInside(root, target) || hasHiddenPart(relative(root, target))) continue;
      }
      const stats = await stat(full).catch(() => null);
      if (stats === null) continue;
      const url = `${base}${encodeURIComponent(dirent.name)}`;
      if (stats.isDirectory()) {
        entries.push({
          name: dirent.name,
          type: 'directory',
          modified: stats.mtime.toISOString(),
          url: `${url}/`,
        });
      } else if (stats.isFile()) {
        entries.push({
          name: dirent.name,
          type: 'file',
          size: stats.size,
          modified: stats.mtime.toISOString(),
          mime: mimeForName(dirent.name) ?? 'application/octet-stream',
          url,
        });
      }
    }
    return { mount: mount.name, path, entries, truncated: dirents.length > MAX_LISTING };
  }
}

/** `real` is `root` itself or below it (both real paths, so no `..` or symlink games remain). */
export function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

function hasHiddenPart(relativePath: string): boolean {
  return relativePath.split(sep).some((part) => part.startsWith('.'));
}
