import { type DataSource, LessThan } from 'typeorm';

import { createLogger, isDatabaseUnavailable } from '@hub/common';
import { EventLogEntity } from '@hub/database';
import type { HubEvent } from '@hub/messages';

const FLUSH_MS = 50;
const MAX_BATCH = 500;
/** While the database is unreachable: how often to try again, and how many rows to hold meanwhile. */
const RETRY_MS = 1000;
const MAX_HELD_ROWS = 50_000;
const COLUMNS = ['seq', 'id', 'type', 'at', 'payload'] as const;
/** What `Buffer.prototype.toJSON` writes: only then is the slower, Buffer-aware pass needed. */
const BUFFER_JSON = '"type":"Buffer","data":[';

/** One log row, in COLUMNS order (`at` in epoch ms, as the entity's transformer stores it). */
type Row = [seq: number, id: string, type: string, at: number, payload: string];

/**
 * The event as stored: binary fields become `{"_binary": <length>}`. `encodedArgs`, when the
 * caller already has `JSON.stringify(event.args)`, is spliced in rather than serialised again
 * (a webhook event's headers and body are most of its size).
 */
export function eventLogPayload(event: HubEvent, encodedArgs?: string): string {
  if (encodedArgs !== undefined && !encodedArgs.includes(BUFFER_JSON)) {
    // The envelope's fields in their usual order, named (an object rest copy is V8's slow path).
    const { type, id, seq, origin, target, _timestamp } = event;
    const envelope = JSON.stringify({ type, id, seq, origin, target, _timestamp });
    return `${envelope.slice(0, -1)},"args":${encodedArgs}}`;
  }
  const plain = JSON.stringify(event);
  if (!plain.includes(BUFFER_JSON)) return plain;
  // The replacer sees toJSON()'s output, so the Buffer itself is read from the holder.
  return JSON.stringify(event, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return Buffer.isBuffer(raw) ? { _binary: raw.length } : value;
  });
}

/** Writes events to the persisted log in batches, off the request path, and prunes old rows. */
export class EventLogWriter {
  private readonly log = createLogger('EventLog');
  private queue: Row[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly retention: { days: number; maxRows: number },
  ) {}

  /** `encodedArgs`: `JSON.stringify(event.args)`, when the caller has it already. */
  append(event: HubEvent, encodedArgs?: string): void {
    this.queue.push([
      event.seq,
      event.id,
      String(event.args.type),
      Math.round(event._timestamp * 1000),
      eventLogPayload(event, encodedArgs),
    ]);
    if (this.queue.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes what is queued; resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return this.writing;
    // In statements of at most MAX_BATCH rows (rows held through an outage can be many more).
    for (let start = 0; start < this.queue.length; start += MAX_BATCH) {
      const batch = this.queue.slice(start, start + MAX_BATCH);
      this.writing = this.writing
        .then(() => this.insert(batch))
        .then(
          () => undefined,
          (err: unknown) => this.failed(err, batch),
        );
    }
    this.queue = [];
    return this.writing;
  }

  /**
   * A database that is unreachable (PostgreSQL restarting) gets the rows again later: they wait
   * in memory, up to a bound, so nothing acknowledged is lost from the log. Other errors are
   * logged and the batch dropped (writing it again would fail the same way).
   */
  private failed(err: unknown, batch: Row[]): void {
    if (!isDatabaseUnavailable(err) || this.queue.length + batch.length > MAX_HELD_ROWS) {
      this.log.error({ err, count: batch.length }, 'could not write events to the log');
      return;
    }
    this.log.warn(
      { count: batch.length },
      'database unavailable: keeping events for the log until it is back',
    );
    this.queue = batch.concat(this.queue);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), RETRY_MS);
      this.timer.unref();
    }
  }

  /**
   * One multi-row INSERT built by hand: TypeORM's query builder costs more per row than the
   * write itself (its parameter lookup is quadratic in the batch), and this runs for every event.
   */
  private async insert(batch: Row[]): Promise<void> {
    const driver = this.dataSource.driver;
    const values: string[] = [];
    const parameters: unknown[] = [];
    for (const row of batch) {
      const placeholders = row.map((value) => driver.createParameter('p', parameters.push(value) - 1));
      values.push(`(${placeholders.join(', ')})`);
    }
    const columns = COLUMNS.map((c) => driver.escape(c)).join(', ');
    await this.dataSource.query(
      `INSERT INTO ${driver.escape('event_log')} (${columns}) VALUES ${values.join(', ')}`,
      parameters,
    );
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
