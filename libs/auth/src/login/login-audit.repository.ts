import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';

import { createLogger } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { LoginAuditEntity } from '@hub/database';
import { HubMetrics } from '@hub/metrics';

import { TablePruner } from '../table-pruner';

const log = createLogger('Auth');

/**
 * Rows written between prunes. A rate-limited attacker is refused without bcrypt, so rows can
 * arrive fast; pruning after this many keeps the table near `auth.login_audit.max_rows`.
 */
const PRUNE_AFTER_INSERTS = 1000;

/**
 * `login` (POST /login), `auth` (POST /auth), `basic` (Authorization: Basic), `register`,
 * `password_change` (the `old_password` of PUT /users/:name/password).
 */
export type LoginMethod = 'login' | 'auth' | 'basic' | 'register' | 'password_change';

/** One row of `GET /login-audit`: what was tried, from where, and how it ended (never the password). */
export interface LoginAuditView {
  id: number;
  at: string;
  username: string;
  address: string;
  method: string;
  success: boolean;
  reason: string | null;
}

export interface LoginAuditRecord {
  username: string;
  address: string;
  method: LoginMethod;
  success: boolean;
  reason?: string;
}

/**
 * Writes every login attempt to `login_audit` (and a log line, without the password). The table
 * is bounded by age and rows (`auth.login_audit`), so an attack cannot grow it forever.
 */
@Injectable()
export class LoginAuditRepository implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly pruner: TablePruner;
  private insertsSincePrune = 0;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Optional() @Inject(HubMetrics) private readonly metrics: HubMetrics | null = null,
  ) {
    this.pruner = new TablePruner('login_audit', () => this.prune());
  }

  onApplicationBootstrap(): Promise<void> {
    return this.pruner.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.pruner.stop();
  }

  /** Deletes rows older than `retention_days`, then the oldest beyond `max_rows`. */
  async prune(now = Date.now()): Promise<void> {
    const { retention_days, max_rows } = this.config.auth.login_audit;
    const repo = this.dataSource.getRepository(LoginAuditEntity);
    const cutoff = now - retention_days * 86_400_000;
    await repo.delete({ at: LessThan(cutoff as unknown as Date) });
    const [oldestKept] = await repo.find({
      select: { id: true },
      order: { id: 'DESC' },
      skip: max_rows - 1,
      take: 1,
    });
    if (oldestKept) await repo.delete({ id: LessThan(oldestKept.id) });
    this.insertsSincePrune = 0;
  }

  /** The newest `limit` attempts, newest first; `before` (an id) pages back through older ones. */
  async recent(limit: number, before?: number): Promise<LoginAuditView[]> {
    const rows = await this.dataSource.getRepository(LoginAuditEntity).find({
      where: before === undefined ? {} : { id: LessThan(before) },
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      username: row.username,
      address: row.address,
      method: row.method,
      success: row.success,
      reason: row.reason,
    }));
  }

  async record(entry: LoginAuditRecord): Promise<void> {
    const line = {
      username: entry.username,
      address: entry.address,
      method: entry.method,
      reason: entry.reason,
    };
    if (entry.success) log.info(line, 'login succeeded');
    else {
      log.warn(line, 'login failed');
      // Registration is not a login: a refused /register is no brute-force sign.
      if (entry.method !== 'register') this.metrics?.loginFailed();
    }
    try {
      await this.dataSource.getRepository(LoginAuditEntity).insert({
        at: new Date(),
        username: entry.username.slice(0, 64),
        address: entry.address.slice(0, 64),
        method: entry.method,
        success: entry.success,
        reason: entry.reason?.slice(0, 128) ?? null,
      });
      // Awaited: this one login waits for the prune, so the table never runs ahead of it.
      if (++this.insertsSincePrune >= PRUNE_AFTER_INSERTS) await this.pruner.soon();
    } catch (err) {
      // The login itself must not fail because the audit write did.
      log.error({ err }, 'could not write the login audit');
    }
  }
}
