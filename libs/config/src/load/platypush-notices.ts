import type { Section } from '../hub-config';
import { IGNORED_HTTP_KEYS, type IgnoredHttpKey } from '../schema/http.schema';
import type { RootParts } from './root-keys';

/** Warnings for platypush options that are accepted but do nothing here. */
export function platypushNotices(sections: RootParts['sections'], http: Section<'backend.http'>): string[] {
  const warnings: string[] = [];
  for (const key of Object.keys(IGNORED_HTTP_KEYS) as IgnoredHttpKey[]) {
    if (http[key] != null)
      warnings.push(`backend.http.${key} is a platypush option hub ignores (${IGNORED_HTTP_KEYS[key]})`);
  }
  if (sections.redis) {
    warnings.push('redis.url is set, but this version runs as one process: the event bus stays in memory');
  }
  return warnings;
}
