import { Column, Entity, PrimaryColumn } from 'typeorm';

import { epochMs, jsonText } from './column-transformers';

/** One issued JWT. The JWT's `jti` is this row's id; the secret itself is never stored. */
@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  /** Action patterns (`light.*`) and `events:read`; null means unrestricted. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  scopes!: string[] | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'bigint', nullable: true, transformer: epochMs })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochMs })
  revokedAt!: Date | null;
}
