import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { FeedEntry } from './feed-entries';

/** What is kept of one subscription across restarts. */
export interface StoredFeed {
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  /** Ids already announced (or present at the first poll): never posted again. */
  seen: string[];
  /** Newest first, at most max_entries. */
  entries: Array<FeedEntry & { fetched_at: string }>;
}

const MAX_SEEN = 5000;

/**
 * The rss plugin's entries and seen ids in one JSON file under the workdir. Written with
 * write-then-rename, so a crash leaves the old file or the new one, never half of one; written
 * before events are posted, so an entry announced is never announced again after a restart.
 */
export class FeedStore {
  private feeds: Record<string, StoredFeed>;

  constructor(private readonly file: string) {
    this.feeds = load(file);
  }

  get(url: string): StoredFeed | undefined {
    return this.feeds[url];
  }

  all(): Array<[string, StoredFeed]> {
    return Object.entries(this.feeds);
  }

  /**
   * Merges a poll's entries into the feed: returns the ones not seen before. The first poll of
   * a feed only records what is there (a new subscription does not announce its back catalogue).
   */
  merge(
    url: string,
    title: string | null,
    entries: FeedEntry[],
    cache: { etag: string | null; lastModified: string | null },
    maxEntries: number,
  ) {
    const existing = this.feeds[url];
    const seen = new Set(existing?.seen ?? []);
    const now = new Date().toISOString();
    const fresh = entries.filter((e) => !seen.has(e.id));
    const unique = [...new Map(fresh.map((e) => [e.id, e])).values()];
    for (const e of unique) seen.add(e.id);
    const kept = [...unique.map((e) => ({ ...e, fetched_at: now })), ...(existing?.entries ?? [])]
      .sort(newestFirst)
      .slice(0, maxEntries);
    this.feeds[url] = {
      title: title ?? existing?.title ?? null,
      etag: cache.etag,
      lastModified: cache.lastModified,
      seen: [...seen].slice(-MAX_SEEN),
      entries: kept,
    };
    return existing ? unique : [];
  }

  /** Keeps the cache headers after a 304. */
  touch(url: string, cache: { etag: string | null; lastModified: string | null }): void {
    const feed = this.feeds[url];
    if (feed) Object.assign(feed, cache);
  }

  write(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, feeds: this.feeds }));
    renameSync(tmp, this.file);
  }
}

export function newestFirst(a: { published: string | null; fetched_at: string }, b: typeof a): number {
  return (b.published ?? b.fetched_at).localeCompare(a.published ?? a.fetched_at);
}

function load(file: string): Record<string, StoredFeed> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const parsed = JSON.parse(text) as { feeds?: Record<string, StoredFeed> };
  return parsed.feeds ?? {};
}
