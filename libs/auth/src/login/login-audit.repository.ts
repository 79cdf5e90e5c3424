import { Inject, Injectable } from '@nestjs/common';
import { createLogger } from '@hub/common';
import { LoginAuditEntity } from '@hub/database';
import { DataSource } from 'typeorm';

const log = createLogger('Auth');

/** `login` (POST /login), `auth` (POST /auth), `basic` (Authorization: Basic), `register`. */
export type LoginMethod = 'login' | 'auth' | 'basic' | 'register';

export interface LoginAuditRecord {
  username: string;
  address: string;
  method: LoginMethod;
  success: boolean;
  reason?: string;
}

/** Writes every login attempt to `login_audit` (and a log line, without the password). */
@Injectable()
export class LoginAuditRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async record(entry: LoginAuditRecord): Promise<void> {
    const line = {
      username: entry.username,
      address: entry.address,
      method: entry.method,
      reason: entry.reason,
    };
    if (entry.success) log.info(line, 'login succeeded');
    else log.warn(line, 'login failed');
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
