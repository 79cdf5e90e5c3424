import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LoginAuditRepository, TokensService } from '@hub/auth';
import { ApiTokenEntity, LoginAuditEntity, UserEntity } from '@hub/database';

import { ADMIN, basic, bearer, issueToken, json, register } from './support/auth-client';
import { bootHub, type TestHub } from './support/test-hub';

const DAY = 86_400_000;

/** Issue 10 (Low): token creation and login-audit rows were unbounded. */
describe('bounded tokens and login audit', () => {
  let hub: TestHub;
  let db: DataSource;
  let ownerId: number;
  beforeAll(async () => {
    hub = await bootHub({
      config: `
auth:
  bcrypt_cost: 4
  tokens: {max_per_user: 3, retention_days: 30}
  login_audit: {retention_days: 90, max_rows: 5}
`,
    });
    await register(hub);
    db = hub.app.get(DataSource);
    ownerId = (await db.getRepository(UserEntity).findOneByOrFail({ username: ADMIN.username })).id;
  });
  afterAll(() => hub?.stop());

  const tokenRows = () => db.getRepository(ApiTokenEntity).find({ where: { userId: ownerId } });
  const endedToken = (name: string, endedDaysAgo: number, how: 'revoked' | 'expired') => {
    const ended = new Date(Date.now() - endedDaysAgo * DAY);
    return db.getRepository(ApiTokenEntity).insert({
      id: randomUUID(),
      name,
      userId: ownerId,
      scopes: null,
      createdAt: new Date(ended.getTime() - DAY),
      expiresAt: how === 'expired' ? ended : null,
      lastUsedAt: null,
      revokedAt: how === 'revoked' ? ended : null,
    });
  };

  it('refuses a token past auth.tokens.max_per_user live ones with 409, until one is revoked', async () => {
    const issued = [];
    for (let i = 0; i < 3; i++) issued.push(await issueToken(hub, { name: `tablet ${i}` }));
    const refused = await hub.fetch('/auth', json({ ...ADMIN, name: 'one too many' }));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: 'conflict',
      message: expect.stringContaining('auth.tokens.max_per_user: 3') as string,
    });
    const revoked = await hub.fetch(`/tokens/${issued[0].id}`, {
      method: 'DELETE',
      headers: bearer(issued[1].token),
    });
    expect(revoked.status).toBe(200);
    expect((await hub.fetch('/auth', json({ ...ADMIN, name: 'replacement' }))).status).toBe(200);
  });

  it('keeps at most max_per_user revoked or expired tokens per user, dropping the oldest', async () => {
    for (let i = 0; i < 4; i++) await endedToken(`old ${i}`, 10 + i, i % 2 ? 'revoked' : 'expired');
    const live = (await tokenRows()).filter((t) => !t.revokedAt);
    await hub.fetch(`/tokens/${live[0].id}`, {
      method: 'DELETE',
      headers: basic(ADMIN.username, ADMIN.password),
    });
    expect((await hub.fetch('/auth', json({ ...ADMIN, name: 'after trim' }))).status).toBe(200);
    const ended = (await tokenRows()).filter((t) => t.revokedAt || (t.expiresAt && t.expiresAt < new Date()));
    expect(ended).toHaveLength(3);
    expect(ended.map((t) => t.name)).not.toContain('old 3');
  });

  it('deletes tokens that ended more than retention_days ago, keeping live and recent ones', async () => {
    await endedToken('ended long ago', 31, 'revoked');
    await endedToken('expired long ago', 40, 'expired');
    await endedToken('ended lately', 29, 'revoked');
    await hub.app.get(TokensService).prune();
    const names = (await tokenRows()).map((t) => t.name);
    expect(names).not.toContain('ended long ago');
    expect(names).not.toContain('expired long ago');
    expect(names).toContain('ended lately');
    expect(names).toContain('after trim');
  });

  it('keeps the newest auth.login_audit.max_rows audit rows, also between prunes', async () => {
    const audit = hub.app.get(LoginAuditRepository);
    for (let i = 0; i < 1000; i++) {
      await audit.record({ username: `sprayed${i}`, address: '10.9.9.9', method: 'login', success: false });
    }
    // Pruned by the writer itself after 1000 inserts: what is left is at most the rows since.
    const rows = await db.getRepository(LoginAuditEntity).find({ order: { id: 'ASC' } });
    expect(rows.length).toBeLessThan(100);
    expect(rows[rows.length - 1].username).toBe('sprayed999');
    const wrong = await hub.fetch('/login', json({ username: 'nobody', password: 'wrong' }));
    expect(wrong.status).toBe(401);
    await audit.prune();
    const after = await db.getRepository(LoginAuditEntity).find({ order: { id: 'ASC' } });
    expect(after.map((r) => r.username)).toEqual([
      'sprayed996',
      'sprayed997',
      'sprayed998',
      'sprayed999',
      'nobody',
    ]);
  });

  it('deletes audit rows older than retention_days', async () => {
    await db.getRepository(LoginAuditEntity).insert({
      at: new Date(Date.now() - 91 * DAY),
      username: 'ancient',
      address: '1.2.3.4',
      method: 'login',
      success: false,
    });
    await hub.app.get(LoginAuditRepository).prune();
    const names = (await db.getRepository(LoginAuditEntity).find()).map((r) => r.username);
    expect(names).not.toContain('ancient');
    expect(names).toContain('nobody');
  });
});
