import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { VariableEntity } from '@hub/database';
import { EVENT_BUS, type EventBus } from '@hub/events';

/**
 * The `variables` table: a small persistent key → JSON value store shared by the `variable`
 * plugin, plugin contexts and automations. Every real change posts `VariableChangedEvent`.
 */
@Injectable()
export class VariableStore {
  private readonly repo: Repository<VariableEntity>;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {
    this.repo = dataSource.getRepository(VariableEntity);
  }

  /** The value, or null when unset. */
  async get(name: string): Promise<unknown> {
    const row = await this.repo.findOneBy({ name });
    return row ? row.value : null;
  }

  async list(): Promise<Record<string, unknown>> {
    const rows = await this.repo.find({ order: { name: 'ASC' } });
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  }

  /**
   * Sets several variables in one statement (an upsert is atomic on its own, so concurrent
   * callers never need a transaction); events only for values that changed.
   */
  async set(values: Record<string, unknown>): Promise<void> {
    const names = Object.keys(values);
    if (names.length === 0) return;
    const old = new Map((await this.repo.findBy({ name: In(names) })).map((r) => [r.name, r.value]));
    const now = new Date();
    const changes: Array<{ name: string; value: unknown; old_value: unknown }> = [];
    const rows = names.map((name) => {
      // undefined is not JSON: store null, as platypush does for a missing value.
      const value = values[name] === undefined ? null : values[name];
      const before = old.has(name) ? old.get(name) : null;
      if (!old.has(name) || JSON.stringify(before) !== JSON.stringify(value)) {
        changes.push({ name, value, old_value: before });
      }
      return { name, value, updatedAt: now };
    });
    // The entity's `value: unknown` (any JSON) defeats TypeORM's partial-entity typing.
    await this.repo.upsert(rows as QueryDeepPartialEntity<VariableEntity>[], ['name']);
    for (const change of changes) this.bus.post('VariableChangedEvent', change);
  }

  /** Removes a variable; true when it existed. */
  async unset(name: string): Promise<boolean> {
    const row = await this.repo.findOneBy({ name });
    if (!row) return false;
    await this.repo.delete({ name });
    this.bus.post('VariableChangedEvent', { name, value: null, old_value: row.value });
    return true;
  }
}
