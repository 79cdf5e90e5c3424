import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintNumber, epochMs } from './column-transformers';

/** The persisted event log (the in-memory ring serves live resume; this serves history). */
@Entity('event_log')
@Index('idx_event_log_type_at', ['type', 'at'])
@Index('idx_event_log_at', ['at'])
export class EventLogEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  seq!: number;

  @Column({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  type!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: Date;

  /** The whole event envelope as JSON. */
  @Column({ type: 'text' })
  payload!: string;
}
