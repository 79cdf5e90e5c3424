import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

import { CliError } from '../cli-error';

/**
 * The backup file: gzip of a magic line, a JSON header line listing the entries (name, size,
 * SHA-256, mode), then the entries' bytes back to back. Reading checks all of it, so a wrong,
 * truncated or altered file is refused before anything is restored.
 */
const MAGIC = 'hub-backup 1\n';

export type EntryKind = 'database' | 'secret' | 'dashboard';

export interface BackupEntry {
  kind: EntryKind;
  /** `hub.db`, `jwt.secret`, `dashboards/<file>.xml`. */
  name: string;
  mode: number;
  data: Buffer;
}

interface HeaderEntry {
  kind: EntryKind;
  name: string;
  mode: number;
  size: number;
  sha256: string;
}

export interface BackupHeader {
  created_at: string;
  device_id: string;
  entries: HeaderEntry[];
}

/** Names an entry may have: nothing that could leave the directory it is restored into. */
const ENTRY_NAMES: Record<EntryKind, RegExp> = {
  database: /^hub\.db$/,
  secret: /^jwt\.secret$/,
  dashboard: /^dashboards\/[A-Za-z0-9_][A-Za-z0-9_.-]*\.xml$/,
};

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function encodeBackup(deviceId: string, entries: BackupEntry[], now = new Date()): Buffer {
  const header: BackupHeader = {
    created_at: now.toISOString(),
    device_id: deviceId,
    entries: entries.map((e) => ({
      kind: e.kind,
      name: e.name,
      mode: e.mode,
      size: e.data.length,
      sha256: sha256(e.data),
    })),
  };
  return gzipSync(
    Buffer.concat([Buffer.from(MAGIC + JSON.stringify(header) + '\n'), ...entries.map((e) => e.data)]),
  );
}

export function decodeBackup(file: string, gz: Buffer): { header: BackupHeader; entries: BackupEntry[] } {
  const bad = (why: string) => new CliError(`${file} is not a usable hub backup: ${why}`);
  let raw: Buffer;
  try {
    raw = gunzipSync(gz);
  } catch {
    throw bad('not a gzip file, or truncated');
  }
  if (raw.subarray(0, MAGIC.length).toString() !== MAGIC) throw bad('no hub-backup header');
  const headerEnd = raw.indexOf('\n', MAGIC.length);
  if (headerEnd < 0) throw bad('the header is cut off');
  let header: BackupHeader;
  try {
    header = JSON.parse(raw.subarray(MAGIC.length, headerEnd).toString()) as BackupHeader;
  } catch {
    throw bad('the header is not JSON');
  }
  if (!Array.isArray(header.entries)) throw bad('the header lists no entries');
  const entries: BackupEntry[] = [];
  let offset = headerEnd + 1;
  for (const entry of header.entries) {
    if (!(entry.kind in ENTRY_NAMES) || !ENTRY_NAMES[entry.kind].test(String(entry.name))) {
      throw bad(`unexpected entry ${JSON.stringify(entry.name)}`);
    }
    if (!Number.isInteger(entry.size) || entry.size < 0) throw bad(`bad size for ${entry.name}`);
    const data = raw.subarray(offset, offset + entry.size);
    if (data.length !== entry.size) throw bad(`${entry.name} is cut off`);
    if (sha256(data) !== entry.sha256) throw bad(`${entry.name} does not match its checksum`);
    entries.push({ kind: entry.kind, name: entry.name, mode: entry.mode & 0o777, data });
    offset += entry.size;
  }
  if (offset !== raw.length) throw bad('unexpected data after the last entry');
  if (!entries.some((e) => e.kind === 'database')) throw bad('it holds no database');
  return { header, entries };
}
