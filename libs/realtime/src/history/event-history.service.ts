import { Inject, Injectable } from '@nestjs/common';

import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EventLogWriter } from '@hub/events';

import type { HistoryQuery } from './event-history.query';
import { EventLogRepository } from './event-log.repository';

export interface HistoryPage {
  /** The stored event envelopes (binary fields appear as `{"_binary": <length>}`). */
  events: unknown[];
  /** Pass as `before` (order desc) or `after` (order asc) for the next page; null: no more. */
  next: number | null;
}

/**
 * Rows read per query. better-sqlite3 reads synchronously, so one query for a whole page (up to
 * 1,001 rows of up to `events.max_stored_event_bytes` each: 64 MiB by default) would hold the
 * event loop; a page is read in batches of this many rows instead and stops at the byte budget.
 */
export const HISTORY_READ_BATCH = 32;

/**
 * Pages through the persisted event log. A page ends at `limit` rows or at
 * `events.history_page_bytes`, whichever comes first (at least one row), and is answered as
 * the stored JSON joined together: no parse and re-serialise of every row on the event loop.
 * What one page costs is bounded: at most `history_page_bytes` plus one batch of rows read, in
 * queries of at most HISTORY_READ_BATCH + 1 rows, and an answer of at most `history_page_bytes`
 * plus one event.
 */
@Injectable()
export class EventHistoryService {
  private readonly pageBytes: number;

  constructor(
    @Inject(EventLogRepository) private readonly repository: EventLogRepository,
    @Inject(EventLogWriter) private readonly writer: EventLogWriter,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.pageBytes = config.events.history_page_bytes;
  }

  /** The page as JSON text, shaped like HistoryPage. */
  async pageJson(query: HistoryQuery): Promise<string> {
    // The log is written in batches: flush, so an event posted just before is already readable.
    await this.writer.flush();
    const payloads: string[] = [];
    let bytes = 0;
    let last: number | null = null;
    let cursor = query;
    const page = (next: number | null) => `{"events":[${payloads.join(',')}],"next":${next}}`;
    for (;;) {
      const want = Math.min(HISTORY_READ_BATCH, query.limit - payloads.length);
      // Up to want + 1 rows: the extra one says whether the log goes on.
      const rows = await this.repository.find({ ...cursor, limit: want });
      for (const row of rows.slice(0, want)) {
        if (payloads.length > 0 && bytes + row.payload.length > this.pageBytes) return page(last);
        payloads.push(row.payload);
        bytes += row.payload.length;
        last = row.seq;
      }
      if (rows.length <= want) return page(null);
      if (payloads.length >= query.limit) return page(last);
      cursor = query.order === 'asc' ? { ...cursor, after: last } : { ...cursor, before: last };
    }
  }
}
