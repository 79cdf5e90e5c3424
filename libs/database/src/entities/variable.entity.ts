import { Column, Entity, PrimaryColumn } from 'typeorm';

import { epochMs, jsonText } from './column-transformers';

@Entity('variables')
export class VariableEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', transformer: jsonText })
  value!: unknown;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: Date;
}
