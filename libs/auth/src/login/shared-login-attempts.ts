import { createHash, randomBytes } from 'node:crypto';

import type { ClusterLink } from '@hub/cluster';

import { type LoginAttemptLimits, LoginAttempts } from './login-attempts';

/** Failed-login counting, on this instance or across a cluster. */
export interface LoginAttemptCounter {
  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfterSeconds(key: string): Promise<number>;
  fail(key: string): Promise<void>;
  succeed(key: string): Promise<void>;
}

/** One instance: the in-memory sliding window. */
export function localLoginAttempts(limits: LoginAttemptLimits): LoginAttemptCounter {
  const attempts = new LoginAttempts(limits);
  return {
    retryAfterSeconds: (key) => Promise.resolve(attempts.retryAfterSeconds(key)),
    fail: (key) => Promise.resolve(attempts.fail(key)),
    succeed: (key) => Promise.resolve(attempts.succeed(key)),
  };
}

/**
 * A cluster: the same sliding window as a Redis sorted set per (address, username), so failures
 * on every instance count together. Each failure is also counted locally, which is what limits
 * logins while Redis is down.
 */
export class SharedLoginAttempts implements LoginAttemptCounter {
  private readonly local: LoginAttempts;

  constructor(
    private readonly limits: LoginAttemptLimits,
    private readonly link: ClusterLink,
    private readonly now: () => number = Date.now,
  ) {
    this.local = new LoginAttempts(limits, now);
  }

  async retryAfterSeconds(key: string): Promise<number> {
    const localWait = this.local.retryAfterSeconds(key);
    if (!this.link.isUp()) return localWait;
    const now = this.now();
    try {
      const results = await this.link.redis
        .multi()
        .zremrangebyscore(redisKey(key), '-inf', now - this.limits.windowMs)
        .zrange(redisKey(key), -this.limits.max, -this.limits.max, 'WITHSCORES')
        .exec();
      const oldestCounted = (results?.[1]?.[1] as string[] | undefined)?.[1];
      if (oldestCounted === undefined) return localWait;
      const wait = Math.max(1, Math.ceil((Number(oldestCounted) + this.limits.windowMs - now) / 1000));
      return Math.max(wait, localWait);
    } catch {
      return localWait;
    }
  }

  async fail(key: string): Promise<void> {
    this.local.fail(key);
    if (!this.link.isUp()) return;
    const now = this.now();
    await this.link.redis
      .multi()
      .zadd(redisKey(key), now, `${now}:${randomBytes(4).toString('hex')}`)
      .pexpire(redisKey(key), this.limits.windowMs)
      .exec()
      .catch(() => undefined);
  }

  async succeed(key: string): Promise<void> {
    this.local.succeed(key);
    if (this.link.isUp()) await this.link.redis.del(redisKey(key)).catch(() => undefined);
  }
}

/** Hashed: the key holds a username and an address, which need not sit in Redis in clear. */
function redisKey(key: string): string {
  return `hub:login-failures:${createHash('sha256').update(key).digest('hex')}`;
}
