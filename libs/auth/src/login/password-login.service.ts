import { createHash } from 'node:crypto';

import { Inject, Injectable, Optional } from '@nestjs/common';

import { CLUSTER_LINK, type ClusterLink } from '@hub/cluster';
import { createLogger, ErrorCode, HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import type { UserEntity } from '@hub/database';

import { Revocations } from '../revocations';
import { PasswordHasher } from '../users/password.hasher';
import { UsersService } from '../users/users.service';
import { LoginAttempts } from './login-attempts';
import { LoginAuditRepository, type LoginMethod } from './login-audit.repository';
import { localLoginAttempts, type LoginAttemptCounter, SharedLoginAttempts } from './shared-login-attempts';

export interface PasswordLogin {
  username: string;
  password: string;
  address: string;
  method: LoginMethod;
}

const log = createLogger('Auth');

/** How long a successful Basic login is remembered, so each request does not pay for bcrypt. */
const BASIC_CACHE_MS = 60_000;

/**
 * Username + password checks for /login, /auth and Basic alike: rate limited per address and
 * username, audited, and as slow for an unknown user as for a wrong password.
 */
@Injectable()
export class PasswordLoginService {
  private readonly attempts: LoginAttemptCounter;
  private readonly basicCache = new Map<string, { user: UserEntity; until: number }>();

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(LoginAuditRepository) private readonly audit: LoginAuditRepository,
    @Inject(Revocations) revocations: Revocations,
    @Optional() @Inject(CLUSTER_LINK) link: ClusterLink | null = null,
  ) {
    const limits = config.auth.login_attempts;
    const window = { max: limits.max, windowMs: limits.window_minutes * 60_000 };
    // In a cluster failures count on every instance together (api.md §10).
    this.attempts = link ? new SharedLoginAttempts(window, link) : localLoginAttempts(window);
    // A deleted user or a changed password must not keep working through the Basic cache.
    revocations.subscribe(({ userId }) => userId !== undefined && this.forgetBasic(userId));
    users.onPasswordChanged((userId) => this.forgetBasic(userId));
  }

  /** The user, or 401 (wrong credentials) / 429 (too many failures, with Retry-After). */
  async verify(login: PasswordLogin): Promise<UserEntity> {
    const key = LoginAttempts.key(login.address, login.username);
    await this.assertNotLimited(key, login);
    log.debug(
      { username: login.username, address: login.address, method: login.method },
      'checking password',
    );
    const user = await this.users.findByUsername(login.username);
    const ok = await this.hasher.verify(login.password, user?.passwordHash ?? null);
    if (!user || !ok) {
      await this.attempts.fail(key);
      await this.audit.record({ ...login, success: false, reason: user ? 'wrong_password' : 'unknown_user' });
      throw HubError.unauthorized('Wrong username or password');
    }
    await this.attempts.succeed(key);
    await this.audit.record({ ...login, success: true });
    return user;
  }

  /** Basic auth on every request: a recent success is reused instead of running bcrypt again. */
  async verifyBasic(login: Omit<PasswordLogin, 'method'>): Promise<UserEntity> {
    const cacheKey = createHash('sha256').update(`${login.username}\u0000${login.password}`).digest('hex');
    const cached = this.basicCache.get(cacheKey);
    if (cached && cached.until > Date.now()) {
      // A locked-out (address, username) stays locked out, cached success or not.
      await this.assertNotLimited(LoginAttempts.key(login.address, login.username), {
        ...login,
        method: 'basic',
      });
      return cached.user;
    }
    const user = await this.verify({ ...login, method: 'basic' });
    if (this.basicCache.size > 1000) this.basicCache.clear();
    this.basicCache.set(cacheKey, { user, until: Date.now() + BASIC_CACHE_MS });
    return user;
  }

  /**
   * The `old_password` of a password change. Its failures count with the failed logins of the
   * same address + username (and the same limit blocks both): a stolen session must not become
   * an unlimited password-guessing oracle. Wrong: 403; too many: 429 with Retry-After.
   */
  async verifyOldPassword(user: UserEntity, password: string, address: string): Promise<void> {
    const attempt: PasswordLogin = { username: user.username, password, address, method: 'password_change' };
    const key = LoginAttempts.key(address, user.username);
    await this.assertNotLimited(key, attempt);
    if (!(await this.hasher.verify(password, user.passwordHash))) {
      await this.attempts.fail(key);
      await this.audit.record({ ...attempt, success: false, reason: 'wrong_password' });
      throw HubError.forbidden('old_password is wrong');
    }
    await this.attempts.succeed(key);
    await this.audit.record({ ...attempt, success: true });
  }

  private async assertNotLimited(key: string, login: PasswordLogin): Promise<void> {
    const retryAfter = await this.attempts.retryAfterSeconds(key);
    if (retryAfter === 0) return;
    await this.audit.record({ ...login, success: false, reason: 'rate_limited' });
    throw new HubError(ErrorCode.TooManyRequests, `Too many failed logins; retry in ${retryAfter} s`, {
      headers: { 'Retry-After': String(retryAfter) },
    });
  }

  private forgetBasic(userId: number): void {
    for (const [key, entry] of this.basicCache) if (entry.user.id === userId) this.basicCache.delete(key);
  }
}
