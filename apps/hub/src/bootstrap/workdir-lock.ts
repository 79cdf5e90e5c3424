import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { runningHubPid } from './pid-file';

/** `<workdir>/hub.lock`: held by the hub serving from that workdir, for as long as it runs. */
export const LOCK_FILE = 'hub.lock';

/** Another hub holds the workdir. main exits with WORKDIR_LOCKED_EXIT_CODE. */
export class WorkdirLockedError extends Error {}

/** Not 1 (a crash) nor 2 (a bad config): a restart may help once the other hub has stopped. */
export const WORKDIR_LOCKED_EXIT_CODE = 3;

/**
 * Takes the workdir before anything touches its database, files or port, so a second hub started
 * on it by mistake stops at once instead of migrating, pruning and reserving event numbers in the
 * live database, and only then failing on the port. The lock is an exclusive SQLite lock (a
 * POSIX lock on hub.lock): the kernel drops it when the process dies, so a crashed hub leaves
 * nothing stale behind, and it works between two hubs in one process too. Returns the release.
 */
export function lockWorkdir(workdir: string): () => void {
  mkdirSync(workdir, { recursive: true, mode: 0o700 });
  const path = join(workdir, LOCK_FILE);
  const lock = new Database(path, { timeout: 0 });
  try {
    // EXCLUSIVE locking mode keeps the lock after the (empty) transaction, until close.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    const pid = runningHubPid(workdir);
    throw new WorkdirLockedError(
      `another hub${pid ? ` (pid ${pid})` : ''} is running on the workdir ${workdir} (${path} is locked); ` +
        'stop it first, or give this one a workdir of its own',
    );
  }
  let held = true;
  return () => {
    if (held) lock.close();
    held = false;
  };
}
