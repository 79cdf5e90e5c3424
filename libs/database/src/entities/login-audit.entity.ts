import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { epochMs } from './column-transformers';

@Entity('login_audit')
export class LoginAuditEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: Date;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 64 })
  address!: string;

  /** `login`, `auth`, `basic` */
  @Column({ type: 'varchar', length: 16 })
  method!: string;

  @Column({ type: 'boolean' })
  success!: boolean;

  @Column({ type: 'varchar', length: 128, nullable: true })
  reason!: string | null;
}
