import { Inject, Injectable } from '@nestjs/common';
import { EventLogWriter } from '@hub/events';
import type { HistoryQuery } from './event-history.query';
import { EventLogRepository } from './event-log.repository';

export interface HistoryPage {
  /** The stored event envelopes (binary fields appear as `{"_binary": <length>}`). */
  events: unknown[];
  /** Pass as `before` (order desc) or `after` (order asc) for the next page; null: no more. */
  next: number | null;
}

/** Pages through the persisted event log. */
@Injectable()
export class EventHistoryService {
  constructor(
    @Inject(EventLogRepository) private readonly repository: EventLogRepository,
    @Inject(EventLogWriter) private readonly writer: EventLogWriter,
  ) {}

  async page(query: HistoryQuery): Promise<HistoryPage> {
    // The log is written in batches: flush, so an event posted just before is already readable.
    await this.writer.flush();
    const rows = await this.repository.find(query);
    const page = rows.slice(0, query.limit);
    return {
      events: page.map((row) => JSON.parse(row.payload) as unknown),
      next: rows.length > query.limit ? page[page.length - 1].seq : null,
    };
  }
}
