import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { RuntimeHookEntity } from '@hub/database';

/** Hooks made through the API, persisted in `runtime_hooks`. */
@Injectable()
export class RuntimeHooksRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  list(): Promise<RuntimeHookEntity[]> {
    return this.dataSource.getRepository(RuntimeHookEntity).find({ order: { name: 'ASC' } });
  }

  get(name: string): Promise<RuntimeHookEntity | null> {
    return this.dataSource.getRepository(RuntimeHookEntity).findOneBy({ name });
  }

  async put(
    name: string,
    definition: Record<string, unknown>,
    now = new Date(),
  ): Promise<'created' | 'updated'> {
    const repo = this.dataSource.getRepository(RuntimeHookEntity);
    const existing = await repo.findOneBy({ name });
    const row = { name, definition, createdAt: existing?.createdAt ?? now, updatedAt: now };
    // `definition` is free-form JSON, which TypeORM's partial-entity typing cannot express.
    await repo.upsert(row as QueryDeepPartialEntity<RuntimeHookEntity>, ['name']);
    return existing ? 'updated' : 'created';
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(RuntimeHookEntity).delete({ name });
    return (result.affected ?? 0) > 0;
  }
}
