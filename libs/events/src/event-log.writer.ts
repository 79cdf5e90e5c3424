import { createLogger } from '@hub/common';
import { EventLogEntity } from '@hub/database';
import type { HubEvent } from '@hub/messages';
import { LessThan, type DataSource } from 'typeorm';

const FLUSH_MS = 50;
const MAX_BATCH = 500;

/** Writes events to the persisted log in batches, off the request path, and prunes old rows. */
export class EventLogWriter {
  private readonly log = createLogger('EventLog');
  private queue: EventLogEntity[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly retention: { days: number; maxRows: number },
  ) {}

  append(event: HubEvent): void {
    const row = new EventLogEntity();
    row.seq = event.seq;
    row.id = event.id;
    row.type = String(event.args.type);
    row.at = new Date(event._timestamp * 1000);
    row.payload = JSON.stringify(event, (_k, v: unknown) => (Buffer.isBuffer(v) ? { _binary: v.length } : v));
    this.queue.push(row);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is queued; resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.writing;
    this.writing = this.writing
      .then(() => this.dataSource.getRepository(EventLogEntity).insert(batch))
      .then(
        () => undefined,
        (err: unknown) => this.log.error({ err, count: batch.length }, 'could not write events to the log'),
      );
    return this.writing;
  }

  async prune(now = Date.now()): Promise<void> {
    const repo = this.dataSource.getRepository(EventLogEntity);
    await repo.delete({ at: LessThan(new Date(now - this.retention.days * 86_400_000)) });
    const rows: Array<{ seq: string | number }> = await this.dataSource.query(
      `SELECT seq FROM event_log ORDER BY seq DESC LIMIT 1 OFFSET ${Math.floor(this.retention.maxRows)}`,
    );
    if (rows.length > 0) await repo.delete({ seq: LessThan(Number(rows[0].seq) + 1) });
  }
}
