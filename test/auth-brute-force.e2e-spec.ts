import { rmSync } from 'node:fs';

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LoginAuditEntity } from '@hub/database';

import { ADMIN, asSession, basic, json, login, register } from './support/auth-client';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';

/** X-Forwarded-For gives each test its own client address (the hub trusts it in this config). */
const from = (address: string, headers: Record<string, string> = {}) => ({
  'x-forwarded-for': address,
  ...headers,
});

describe('failed login limits', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config:
        'backend.http:\n  port: 0\n  trust_proxy: true\nauth:\n  bcrypt_cost: 4\n  login_attempts: {max: 5, window_minutes: 15}\n',
    });
    await register(hub);
  });
  afterAll(() => hub.stop());

  it('answers the 6th failed login with 429 and Retry-After, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await hub.fetch(
        '/login',
        json({ username: 'owner', password: `wrong ${i}` }, from('10.0.0.1')),
      );
      expect(res.status).toBe(401);
    }
    const sixth = await hub.fetch(
      '/login',
      json({ username: 'owner', password: 'wrong 6' }, from('10.0.0.1')),
    );
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await sixth.json()).toMatchObject({ code: 429, error: 'too_many_requests' });
    const right = await hub.fetch('/login', json(ADMIN, from('10.0.0.1')));
    expect(right.status).toBe(429);
  });

  it('does not lock the owner out from another address', async () => {
    const res = await hub.fetch('/login', json(ADMIN, from('10.0.0.2')));
    expect(res.status).toBe(200);
  });

  it('does not lock another username out from the same address', async () => {
    await hub.fetch(
      '/users',
      json({ username: 'second', password: 'second password' }, basic(ADMIN.username, ADMIN.password)),
    );
    const res = await hub.fetch(
      '/login',
      json({ username: 'second', password: 'second password' }, from('10.0.0.1')),
    );
    expect(res.status).toBe(200);
  });

  it('counts /login, POST /auth and Basic failures together', async () => {
    const address = '10.0.0.3';
    for (let i = 0; i < 2; i++) {
      expect(
        (await hub.fetch('/login', json({ username: 'owner', password: 'bad password' }, from(address))))
          .status,
      ).toBe(401);
    }
    for (let i = 0; i < 2; i++) {
      expect(
        (await hub.fetch('/auth', json({ username: 'owner', password: 'bad password' }, from(address))))
          .status,
      ).toBe(401);
    }
    expect(
      (await hub.fetch('/auth', { headers: from(address, basic('owner', 'bad password')) })).status,
    ).toBe(401);
    const limited = await hub.fetch('/auth', {
      headers: from(address, basic(ADMIN.username, ADMIN.password)),
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await hub.fetch('/auth', json(ADMIN, from(address)))).status).toBe(429);
  });

  it('counts wrong old_password checks as failed logins of that address and username', async () => {
    const address = '10.0.0.4';
    await hub.fetch(
      '/users',
      json({ username: 'third', password: 'third password' }, basic(ADMIN.username, ADMIN.password)),
    );
    const third = { username: 'third', password: 'third password' };
    const session = await login(hub, third, from(address));
    const change = (old: string) =>
      hub.fetch(
        '/users/third/password',
        json(
          { old_password: old, password: 'a new long password' },
          from(address, asSession(session)),
          'PUT',
        ),
      );
    for (let i = 0; i < 5; i++) {
      const res = await change(`guess ${i}`);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ message: 'old_password is wrong' });
    }
    const limited = await change(third.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await hub.fetch('/login', json(third, from(address)))).status).toBe(429);
    expect((await hub.fetch('/login', json(third, from('10.0.0.5')))).status).toBe(200);
    const rows = await hub.app
      .get(DataSource)
      .query<Array<{ reason: string }>>(
        "SELECT reason FROM login_audit WHERE method = 'password_change' AND username = 'third'",
      );
    expect(rows.map((r) => r.reason)).toEqual([...Array(5).fill('wrong_password'), 'rate_limited']);
  });

  it('writes failed and successful logins to the audit table', async () => {
    const rows = await hub.app.get(DataSource).query<
      Array<{
        username: string;
        address: string;
        method: string;
        success: number | boolean;
        reason: string | null;
      }>
    >('SELECT username, address, method, success, reason FROM login_audit ORDER BY id');
    const simplified = rows.map((r) => ({ ...r, success: Boolean(r.success) }));
    expect(simplified).toContainEqual({
      username: 'owner',
      address: '10.0.0.1',
      method: 'login',
      success: false,
      reason: 'wrong_password',
    });
    expect(simplified).toContainEqual({
      username: 'owner',
      address: '10.0.0.1',
      method: 'login',
      success: false,
      reason: 'rate_limited',
    });
    expect(simplified).toContainEqual({
      username: 'owner',
      address: '10.0.0.2',
      method: 'login',
      success: true,
      reason: null,
    });
    expect(simplified).toContainEqual({
      username: 'owner',
      address: '10.0.0.3',
      method: 'basic',
      success: false,
      reason: 'wrong_password',
    });
    expect(simplified).toContainEqual({
      username: 'owner',
      address: '10.0.0.3',
      method: 'auth',
      success: false,
      reason: 'wrong_password',
    });
    expect(JSON.stringify(rows)).not.toMatch(/bad password|wrong \d/);
  });
});

describe('login audit retention', () => {
  it('deletes audit rows older than 90 days at start and keeps recent ones', async () => {
    const dir = makeTempDir();
    const first = await bootHub({ dir });
    const db = first.app.get(DataSource);
    const old = Date.now() - 91 * 86_400_000;
    const recent = Date.now() - 89 * 86_400_000;
    for (const [username, at] of [
      ['old', old],
      ['recent', recent],
    ] as const) {
      await db
        .getRepository(LoginAuditEntity)
        .insert({ at: new Date(at), username, address: '1.2.3.4', method: 'login', success: false });
    }
    await first.stop();
    const second = await bootHub({ dir });
    try {
      const rows = await second.app.get(DataSource).getRepository(LoginAuditEntity).find();
      expect(rows.map((r) => r.username)).toEqual(['recent']);
    } finally {
      await second.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
