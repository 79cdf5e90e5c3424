import { realpathSync } from 'node:fs';

import { createLogger } from '@hub/common';
import type { HubConfig } from '@hub/config';

/** The mount name under which `backend.http.upload_dir` is served. */
export const UPLOADS_MOUNT = 'uploads';

export interface Mount {
  name: string;
  /** The directory as configured (absolute). */
  path: string;
  /** Served without authentication. */
  public: boolean;
  /** Directory requests answer a JSON listing. */
  listing: boolean;
}

/**
 * The table of `/resources/<mount>` directories: the configured `resource_dirs` plus the upload
 * directory as `uploads`. Each root is resolved to its real path once it exists, and containment
 * is always checked against that real path.
 */
export class ResourceMounts {
  private readonly log = createLogger('Resources');
  private readonly mounts = new Map<string, Mount>();
  private readonly realRoots = new Map<string, string>();

  constructor(config: HubConfig) {
    for (const [name, spec] of Object.entries(config.http.resource_dirs)) {
      this.mounts.set(name, { name, ...spec });
    }
    if (this.mounts.has(UPLOADS_MOUNT)) {
      this.log.warn(
        `backend.http.resource_dirs.${UPLOADS_MOUNT} is ignored: that mount serves backend.http.upload_dir`,
      );
    }
    this.mounts.set(UPLOADS_MOUNT, {
      name: UPLOADS_MOUNT,
      path: config.http.upload_dir,
      public: false,
      listing: false,
    });
    // The upload directory is the UploadStore's to create (FilesModule opens it at start).
    for (const mount of this.mounts.values()) {
      if (mount.name !== UPLOADS_MOUNT && this.realRoot(mount) === null) {
        this.log.warn({ mount: mount.name, path: mount.path }, 'resource directory does not exist (yet)');
      }
    }
  }

  /** Every mount, in config order, `uploads` last. */
  all(): Mount[] {
    return [...this.mounts.values()];
  }

  get(name: string): Mount | undefined {
    return this.mounts.get(name);
  }

  /** The mount's real (symlink-free) root, or null while the directory does not exist. */
  realRoot(mount: Mount): string | null {
    const cached = this.realRoots.get(mount.name);
    if (cached) return cached;
    try {
      const real = realpathSync(mount.path);
      this.realRoots.set(mount.name, real);
      return real;
    } catch {
      return null;
    }
  }
}
