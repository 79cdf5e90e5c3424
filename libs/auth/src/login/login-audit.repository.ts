import { Inject, Injectable, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { createLogger } from '@hub/common';
import { LoginAuditEntity } from '@hub/database';
import { HubMetrics } from '@hub/metrics';
import { DataSource, LessThan } from 'typeorm';

const log = createLogger('Auth');

/** Audit rows older than this are deleted at start, so an attack cannot grow the table forever. */
export const LOGIN_AUDIT_RETENTION_DAYS = 90;

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

/** Writes every login attempt to `login_audit` (and a log line, without the password). */
@Injectable()
export class LoginAuditRepository implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Optional() @Inject(HubMetrics) private readonly metrics: HubMetrics | null = null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cutoff = Date.now() - LOGIN_AUDIT_RETENTION_DAYS * 86_400_000;
    await this.dataSource.getRepository(LoginAuditEntity).delete({ at: LessThan(cutoff as unknown as Date) });
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
    } catch (err) {
      // The login itself must not fail because the audit write did.
      log.error({ err }, 'could not write the login audit');
    }
  }
}
