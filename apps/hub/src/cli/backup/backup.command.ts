import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import Database from 'better-sqlite3';

import type { HubConfig } from '@hub/config';

import { asDatabaseError } from '../cli-context';
import { CliError } from '../cli-error';
import { type BackupEntry, encodeBackup } from './backup-archive';
import { sqliteFile } from './sqlite-file';

const JWT_SECRET = 'jwt.secret';

/**
 * A consistent copy of the live database through SQLite's online backup API: it reads one
 * snapshot (WAL mode: the hub keeps reading and writing meanwhile; a write in between restarts
 * the copy, which the large step size makes rare).
 */
async function snapshotDatabase(
  config: Pick<HubConfig, 'db'>,
  dbPath: string,
  into: string,
): Promise<Buffer> {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(into, { progress: ({ totalPages }) => Math.max(totalPages, 1024) });
  } catch (err) {
    throw asDatabaseError(err, config);
  } finally {
    db.close();
  }
  return readFileSync(into);
}

function dashboards(configDir: string): BackupEntry[] {
  const dir = join(configDir, 'dashboards');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.xml$/.test(name) && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({
      kind: 'dashboard',
      name: `dashboards/${name}`,
      mode: 0o644,
      data: readFileSync(join(dir, name)),
    }));
}

/** `backup FILE`: database, signing secret and dashboards into one file (0600: it holds secrets). */
export async function backup(config: HubConfig, file: string): Promise<string> {
  const dbPath = sqliteFile(config);
  if (!existsSync(dbPath)) throw new CliError(`no database at ${dbPath}: nothing to back up yet`);
  const target = resolve(file);
  const scratch = mkdtempSync(join(tmpdir(), 'hub-backup-'));
  try {
    const entries: BackupEntry[] = [
      {
        kind: 'database',
        name: 'hub.db',
        mode: 0o600,
        data: await snapshotDatabase(config, dbPath, join(scratch, 'hub.db')),
      },
    ];
    const secret = join(config.workdir, JWT_SECRET);
    if (existsSync(secret))
      entries.push({ kind: 'secret', name: JWT_SECRET, mode: 0o600, data: readFileSync(secret) });
    entries.push(...dashboards(config.config_dir));
    // Written beside the target, then renamed: an interrupted backup never looks complete.
    const partial = `${target}.partial`;
    try {
      writeFileSync(partial, encodeBackup(config.device_id, entries), { mode: 0o600 });
      renameSync(partial, target);
    } catch (err) {
      rmSync(partial, { force: true });
      throw new CliError(`cannot write ${target}: ${(err as Error).message}`);
    }
    const kib = Math.ceil(entries[0].data.length / 1024);
    const boards = entries.filter((e) => e.kind === 'dashboard').length;
    const hasSecret = entries.some((e) => e.kind === 'secret');
    return `backup written to ${target}: database (${kib} KiB)${hasSecret ? `, ${JWT_SECRET}` : ''}, ${boards} dashboards\n`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
