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
 * Pages through the persisted event log. A page ends at `limit` rows or at
 * `events.history_page_bytes`, whichever comes first (at least one row), and is answered as
 * the stored JSON joined together: no parse and re-serialise of every row on the event loop.
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
    const rows = await this.repository.find(query);
    const payloads: string[] = [];
    let bytes = 0;
    for (const row of rows.slice(0, query.limit)) {
      if (payloads.length > 0 && bytes + row.payload.length > this.pageBytes) break;
      payloads.push(row.payload);
      bytes += row.payload.length;
    }
    const more = payloads.length < rows.length;
    const next = more ? rows[payloads.length - 1].seq : null;
    return `{"events":[${payloads.join(',')}],"next":${next}}`;
  }
}
