import { isAbsolute, resolve } from 'node:path';

import type { ConfigIssue } from '../config-error';
import type { Section } from '../hub-config';

/**
 * The database URL from `db.url` or platypush's `main.db.engine`, normalised to
 * `sqlite:///absolute/path` or `postgres://...`. Default: SQLite in the workdir.
 */
export function resolveDatabaseUrl(
  sections: { db?: Section<'db'>; 'main.db'?: Section<'main.db'> },
  workdir: string,
  configDir: string,
  warnings: string[],
  issues: ConfigIssue[],
): string {
  const { db, 'main.db': mainDb } = sections;
  if (db && mainDb) warnings.push('both db and main.db are set: db.url is used');
  let url = db?.url;
  if (!url && mainDb) {
    // SQLAlchemy form: sqlite:////abs/path.db (four slashes: absolute), sqlite:///rel.db
    // (three: relative, here to the config dir), postgresql://...
    url = mainDb.engine.replace(/^sqlite:\/\/\//, 'sqlite://').replace(/^postgresql(\+\w+)?:/, 'postgres:');
  }
  if (!url) return `sqlite://${resolve(workdir, 'hub.db')}`;
  if (url === 'sqlite::memory:' || /^postgres(ql)?:\/\//.test(url))
    return url.replace(/^postgresql:/, 'postgres:');
  const sqlite = /^sqlite:\/\/(.+)$/.exec(url);
  if (sqlite) return `sqlite://${isAbsolute(sqlite[1]) ? sqlite[1] : resolve(configDir, sqlite[1])}`;
  issues.push({
    path: 'db.url',
    at: db ? ['db', 'url'] : ['main.db', 'engine'],
    message: `unsupported database URL '${url.replace(/\/\/[^@/]*@/, '//***@')}' (sqlite://PATH or postgres://...)`,
  });
  return url;
}
