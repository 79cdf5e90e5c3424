import type { Section } from '../hub-config';
import { IGNORED_HTTP_KEYS, type IgnoredHttpKey } from '../schema/http.schema';

/** Warnings for platypush options that are accepted but do nothing here. */
export function platypushNotices(http: Section<'backend.http'>): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(IGNORED_HTTP_KEYS) as IgnoredHttpKey[]) {
    if (http[key] != null)
      warnings.push(`backend.http.${key} is a platypush option hub ignores (${IGNORED_HTTP_KEYS[key]})`);
  }
  return warnings;
}
