import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import Database from 'better-sqlite3';

import type { HubConfig } from '@hub/config';

import { PID_FILE, runningHubPid } from '../../bootstrap/pid-file';
import { CliError } from '../cli-error';
import { type BackupEntry, decodeBackup } from './backup-archive';
import { sqliteFile } from './sqlite-file';

/** Writes beside the destination, then renames: a file is either the old one or the whole new one. */
function replaceFile(path: string, data: Buffer, mode: number): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const partial = `${path}.restoring`;
  writeFileSync(partial, data, { mode });
  renameSync(partial, path);
}

/** The restored database must open and pass SQLite's integrity check before it replaces anything. */
function checkDatabase(data: Buffer, scratchPath: string): void {
  writeFileSync(scratchPath, data, { mode: 0o600 });
  try {
    const db = new Database(scratchPath, { fileMustExist: true });
    try {
      const result = db.pragma('integrity_check', { simple: true });
      if (result !== 'ok')
        throw new CliError(`the backup's database fails SQLite's integrity check: ${String(result)}`);
    } finally {
      db.close();
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`the backup's database cannot be opened: ${(err as Error).message}`);
  } finally {
    rmSync(scratchPath, { force: true });
  }
}

/** `restore FILE [--force]`: refuses while a hub serves this workdir, and over a database unless forced. */
export function restore(config: HubConfig, file: string, force: boolean): string {
  const dbPath = sqliteFile(config);
  const pid = runningHubPid(config.workdir);
  if (pid !== null) {
    throw new CliError(
      `the hub is running (pid ${pid}, ${join(config.workdir, PID_FILE)}): stop it before restoring`,
    );
  }
  const source = resolve(file);
  if (!existsSync(source)) throw new CliError(`no such file: ${source}`);
  const { header, entries } = decodeBackup(source, readFileSync(source));
  if (existsSync(dbPath) && !force) {
    throw new CliError(
      `${dbPath} exists: restoring replaces it and everything since the backup; add --force to do so`,
    );
  }
  const byKind = (kind: BackupEntry['kind']) => entries.filter((e) => e.kind === kind);
  const database = byKind('database')[0];
  mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
  checkDatabase(database.data, `${dbPath}.checking`);

  replaceFile(dbPath, database.data, 0o600);
  // The old WAL belongs to the old database: replayed onto the restored one it would corrupt it.
  for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  for (const secret of byKind('secret')) replaceFile(join(config.workdir, secret.name), secret.data, 0o600);
  for (const board of byKind('dashboard'))
    replaceFile(join(config.config_dir, board.name), board.data, 0o644);

  const boards = byKind('dashboard').length;
  return `restored ${source} (made ${header.created_at} on ${header.device_id}): database, ${byKind('secret').length ? 'jwt.secret, ' : ''}${boards} dashboards\n`;
}
