import { Column, Entity, PrimaryColumn } from 'typeorm';

import { epochMs } from './column-transformers';

/** A browser session. Only the SHA-256 of the cookie value is stored. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMs })
  expiresAt!: Date;
}
