/** Limits of failed logins per client address + username (`auth.login_attempts`). */
export interface LoginAttemptLimits {
  max: number;
  windowMs: number;
}

/**
 * Counts failed logins per (address, username) in a sliding window. Keyed by both so that an
 * attacker on one address cannot lock the owner out from another.
 */
export class LoginAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginAttemptLimits,
    private readonly now: () => number = Date.now,
  ) {}

  static key(address: string, username: string): string {
    return `${address}\u0000${username.toLowerCase()}`;
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limits.max) return 0;
    const oldestCounted = recent[recent.length - this.limits.max];
    return Math.max(1, Math.ceil((oldestCounted + this.limits.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) this.sweep();
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  /** Bounds memory under a spray of usernames: forget keys with nothing left in the window. */
  private sweep(): void {
    for (const key of [...this.failures.keys()]) {
      const recent = this.recent(key);
      if (recent.length === 0) this.failures.delete(key);
      else this.failures.set(key, recent);
    }
  }
}
