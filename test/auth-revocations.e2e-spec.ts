import { createHash } from 'node:crypto';

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AuthService, type Revocation } from '@hub/auth';
import { SessionEntity } from '@hub/database';

import { ADMIN, asSession, basic, bearer, issueToken, json, login, register } from './support/auth-client';
import { bootHub, type TestHub } from './support/test-hub';

describe('AuthService.onRevoked', () => {
  let hub: TestHub;
  const heard: Revocation[] = [];
  let unsubscribe: () => void;
  beforeAll(async () => {
    hub = await bootHub();
    await register(hub);
    unsubscribe = hub.app.get(AuthService).onRevoked((r) => heard.push(r));
  });
  afterAll(async () => {
    unsubscribe();
    await hub.stop();
  });

  it('tells listeners about a revoked token', async () => {
    const issued = await issueToken(hub, { name: 'watched' });
    await hub.fetch(`/tokens/${issued.id}`, { method: 'DELETE', headers: bearer(issued.token) });
    expect(heard).toContainEqual({ tokenId: issued.id, userId: 1 });
  });

  it('tells listeners about a logout', async () => {
    const session = await login(hub);
    const me = (await (await hub.fetch('/auth', { headers: { cookie: session.cookie } })).json()) as object;
    expect(me).toMatchObject({ auth_method: 'session' });
    await hub.fetch('/logout', { method: 'POST', headers: asSession(session) });
    expect(heard.some((r) => r.sessionId !== undefined && r.userId === 1)).toBe(true);
  });

  it('tells listeners about a deleted user, and the unsubscribe function stops it', async () => {
    await hub.fetch(
      '/users',
      json({ username: 'gone', password: 'gone password' }, basic(ADMIN.username, ADMIN.password)),
    );
    await hub.fetch('/users/gone', { method: 'DELETE', headers: basic(ADMIN.username, ADMIN.password) });
    expect(heard).toContainEqual({ userId: 2 });
    const count = heard.length;
    unsubscribe();
    const issued = await issueToken(hub, { name: 'unheard' });
    await hub.fetch(`/tokens/${issued.id}`, { method: 'DELETE', headers: bearer(issued.token) });
    expect(heard).toHaveLength(count);
  });
});

describe('expired sessions', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({ config: 'auth:\n  bcrypt_cost: 4\n  session_days: 1\n' });
    await register(hub);
  });
  afterAll(() => hub.stop());

  it('refuses an expired session with 401 and removes its row', async () => {
    const session = await login(hub);
    const db = hub.app.get(DataSource);
    await db.getRepository(SessionEntity).updateAll({ expiresAt: new Date(Date.now() - 1000) });
    expect((await hub.fetch('/auth', { headers: { cookie: session.cookie } })).status).toBe(401);
    const hash = createHash('sha256').update(session.token).digest('hex');
    const rows = await db.getRepository(SessionEntity).findBy({ tokenHash: hash });
    expect(rows).toEqual([]);
  });

  it('gives sessions the configured lifetime', async () => {
    const res = await hub.fetch('/login', json({ ...ADMIN, remember: true }));
    const { expires_at } = (await res.json()) as { expires_at: string };
    const days = (Date.parse(expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(0.99);
    expect(days).toBeLessThanOrEqual(1);
  });
});
