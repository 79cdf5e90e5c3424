import { IGNORED_HTTP_KEYS, type IgnoredHttpKey } from '../schema/http.schema';
import { IGNORED_LOGGING_KEYS, isPythonLogFormat } from '../schema/root.schema';
import type { RootParts } from './root-keys';

type Locate = (path: ReadonlyArray<string | number>) => string;

/**
 * Warnings for platypush options that load but do nothing here, each with its line and the
 * reason. docs/migrating-from-platypush.md lists the same texts.
 */
export function platypushNotices(
  sections: RootParts['sections'],
  raw: Record<string, unknown>,
  locate: Locate,
): string[] {
  const warnings: string[] = [];
  const ignored = (path: Array<string | number>, why: string) =>
    warnings.push(`${path.join('.')} (${locate(path)}): platypush option ignored by hub: ${why}`);

  const http = sections['backend.http'];
  for (const key of Object.keys(IGNORED_HTTP_KEYS) as IgnoredHttpKey[]) {
    if (http?.[key] != null) ignored(['backend.http', key], IGNORED_HTTP_KEYS[key]);
  }
  if (http?.enabled === false) ignored(['backend.http', 'enabled'], 'the HTTP server is how hub is reached');

  for (const key of IGNORED_LOGGING_KEYS) {
    if (sections.logging?.[key] != null)
      ignored(['logging', key], 'hub logs to stdout (redirect it, or let journald keep it)');
  }
  const format = (raw.logging as { format?: unknown } | null | undefined)?.format;
  if (isPythonLogFormat(format))
    ignored(['logging', 'format'], 'a Python format string; hub uses format: auto (or pretty / json)');
  if (sections.cachedir != null) ignored(['cachedir'], 'hub keeps its state in workdir');

  const redis = sections.redis;
  if (redis && !('url' in redis)) {
    ignored(
      ['redis'],
      "platypush's own bus needs Redis, hub does not; set redis.url to share events between hub instances",
    );
  }
  return warnings;
}
