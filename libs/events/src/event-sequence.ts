import type { DataSource } from 'typeorm';

import { HubMetaEntity } from '@hub/database';

const KEY = 'event_seq_reserved';
const BLOCK = 10_000;

/**
 * Hands out event sequence numbers that keep growing across restarts without a database write
 * per event: numbers are reserved in blocks, and a restart continues after the reserved block.
 */
export class EventSequence {
  private current = 0;
  private reserved = 0;
  private reserving: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async init(): Promise<void> {
    const row = await this.dataSource.getRepository(HubMetaEntity).findOneBy({ key: KEY });
    const maxLogged = await this.dataSource.query('SELECT MAX(seq) AS max FROM event_log');
    this.current = Math.max(Number(row?.value ?? 0), Number(maxLogged[0]?.max ?? 0));
    this.reserved = this.current;
    await this.reserve();
  }

  last(): number {
    return this.current;
  }

  next(): number {
    this.current++;
    if (this.current > this.reserved - BLOCK / 2 && !this.reserving) {
      this.reserving = this.reserve().finally(() => (this.reserving = null));
    }
    return this.current;
  }

  async flush(): Promise<void> {
    await this.reserving;
  }

  private async reserve(): Promise<void> {
    const value = Math.max(this.current, this.reserved) + BLOCK;
    await this.dataSource.getRepository(HubMetaEntity).upsert({ key: KEY, value: String(value) }, ['key']);
    this.reserved = value;
  }
}
