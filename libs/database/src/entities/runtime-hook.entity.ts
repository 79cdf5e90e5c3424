import { Column, Entity, PrimaryColumn } from 'typeorm';

import { epochMs, jsonText } from './column-transformers';

/** A hook created through `PUT /api/v1/hooks/:name` (config-file hooks are not stored). */
@Entity('runtime_hooks')
export class RuntimeHookEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  name!: string;

  /** `{if, then, webhook?, priority?}` as given. */
  @Column({ type: 'text', transformer: jsonText })
  definition!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: Date;
}
