import { describe, expect, it } from 'vitest';

import type { HubConfig } from '@hub/config';
import type { EventLogEntity } from '@hub/database';
import type { EventLogWriter } from '@hub/events';

import type { HistoryQuery } from './event-history.query';
import { EventHistoryService, HISTORY_READ_BATCH } from './event-history.service';
import type { EventLogRepository } from './event-log.repository';

/** An event log in memory that records how many rows each query asked for. */
function fakeLog(count: number, payloadBytes: number) {
  const rows = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    payload: JSON.stringify({ seq: i + 1, pad: 'x'.repeat(payloadBytes) }),
  }));
  const asked: number[] = [];
  const repository = {
    find: (q: HistoryQuery) => {
      asked.push(q.limit + 1);
      const inRange = rows.filter(
        (r) => (q.after === null || r.seq > q.after) && (q.before === null || r.seq < q.before),
      );
      const ordered = q.order === 'asc' ? inRange : [...inRange].reverse();
      return Promise.resolve(ordered.slice(0, q.limit + 1) as unknown as EventLogEntity[]);
    },
  } as unknown as EventLogRepository;
  const writer = { flush: () => Promise.resolve() } as unknown as EventLogWriter;
  return { repository, writer, asked };
}

const config = (pageBytes: number) => ({ events: { history_page_bytes: pageBytes } }) as HubConfig;
const query = (q: Partial<HistoryQuery>): HistoryQuery => ({
  types: null,
  from: null,
  to: null,
  after: null,
  before: null,
  limit: 1000,
  order: 'desc',
  ...q,
});

/** Every page from the first to the last, following `next`. */
async function allPages(service: EventHistoryService, first: HistoryQuery) {
  const pages: Array<{ events: Array<{ seq: number }>; next: number | null }> = [];
  let q = first;
  for (;;) {
    const page = JSON.parse(await service.pageJson(q)) as (typeof pages)[number];
    pages.push(page);
    if (page.next === null) return pages;
    q = q.order === 'asc' ? { ...q, after: page.next } : { ...q, before: page.next };
  }
}

describe('EventHistoryService', () => {
  it('never reads more than one batch of rows per query, however large the page asked', async () => {
    const log = fakeLog(1500, 10_000);
    const service = new EventHistoryService(log.repository, log.writer, config(1024 * 1024));
    const page = JSON.parse(await service.pageJson(query({ limit: 1000 }))) as { events: unknown[] };
    expect(page.events.length).toBeGreaterThan(50);
    expect(Math.max(...log.asked)).toBeLessThanOrEqual(HISTORY_READ_BATCH + 1);
    // Stopped at the byte budget: the rows read beyond it are at most one batch.
    expect(log.asked.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(
      page.events.length + 2 * HISTORY_READ_BATCH,
    );
  });

  it.each(['asc', 'desc'] as const)(
    'pages %s through every event once, in order, by rows and bytes',
    async (order) => {
      const log = fakeLog(250, 300);
      const service = new EventHistoryService(log.repository, log.writer, config(20_000));
      const pages = await allPages(service, query({ limit: 70, order }));
      const seqs = pages.flatMap((p) => p.events.map((e) => e.seq));
      const expected = Array.from({ length: 250 }, (_, i) => i + 1);
      expect(seqs).toEqual(order === 'asc' ? expected : expected.reverse());
      expect(pages.every((p) => p.events.length <= 70)).toBe(true);
      expect(pages.some((p) => p.events.length < 70 && p.next !== null)).toBe(true);
    },
  );

  it('answers the exact row limit with a cursor, and the end of the log with none', async () => {
    const log = fakeLog(64, 10);
    const service = new EventHistoryService(log.repository, log.writer, config(1024 * 1024));
    const page = JSON.parse(await service.pageJson(query({ limit: 64 }))) as {
      events: unknown[];
      next: number | null;
    };
    expect(page).toMatchObject({ next: null });
    expect(page.events).toHaveLength(64);
    const partial = JSON.parse(await service.pageJson(query({ limit: 40 }))) as { next: number | null };
    expect(partial.next).toBe(25);
  });
});
