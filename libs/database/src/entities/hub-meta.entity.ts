import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small key/value facts the hub keeps about itself (e.g. the reserved event sequence). */
@Entity('hub_meta')
export class HubMetaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
