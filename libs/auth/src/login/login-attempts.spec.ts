import { describe, expect, it } from 'vitest';

import { LoginAttempts } from './login-attempts';

describe(LoginAttempts.name, () => {
  const setup = () => {
    let now = 1_000_000;
    const attempts = new LoginAttempts({ max: 3, windowMs: 60_000 }, () => now);
    return { attempts, advance: (ms: number) => (now += ms) };
  };

  it('allows attempts until max failures, then asks to wait until the oldest leaves the window', () => {
    const { attempts, advance } = setup();
    const key = LoginAttempts.key('1.2.3.4', 'owner');
    attempts.fail(key);
    advance(10_000);
    attempts.fail(key);
    expect(attempts.retryAfterSeconds(key)).toBe(0);
    attempts.fail(key);
    expect(attempts.retryAfterSeconds(key)).toBe(50);
    advance(50_000);
    expect(attempts.retryAfterSeconds(key)).toBe(0);
  });

  it('keys by address and (case-insensitive) username', () => {
    const { attempts } = setup();
    for (let i = 0; i < 3; i++) attempts.fail(LoginAttempts.key('1.2.3.4', 'Owner'));
    expect(attempts.retryAfterSeconds(LoginAttempts.key('1.2.3.4', 'owner'))).toBeGreaterThan(0);
    expect(attempts.retryAfterSeconds(LoginAttempts.key('5.6.7.8', 'owner'))).toBe(0);
    expect(attempts.retryAfterSeconds(LoginAttempts.key('1.2.3.4', 'other'))).toBe(0);
  });

  it('forgets the failures of a pair after a success', () => {
    const { attempts } = setup();
    const key = LoginAttempts.key('1.2.3.4', 'owner');
    attempts.fail(key);
    attempts.fail(key);
    attempts.succeed(key);
    attempts.fail(key);
    attempts.fail(key);
    expect(attempts.retryAfterSeconds(key)).toBe(0);
  });
});
