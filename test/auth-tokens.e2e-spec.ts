import { createSecretKey, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { ApiTokenEntity, HubMetaEntity } from '@hub/database';

import { ADMIN, asSession, basic, bearer, issueToken, json, login, register } from './support/auth-client';
import { postgresAdminUrl } from './support/test-database';
import { bootHub, type TestHub } from './support/test-hub';

const onPostgres = postgresAdminUrl() !== undefined;

/** The signing key as the hub keeps it: a 0600 file on SQLite, a hub_meta row shared by instances on PostgreSQL. */
async function signingKey(hub: TestHub): Promise<Buffer> {
  if (!onPostgres)
    return Buffer.from(readFileSync(join(hub.dir, 'data', 'jwt.secret'), 'utf8').trim(), 'base64');
  const row = await hub.app
    .get(DataSource)
    .getRepository(HubMetaEntity)
    .findOneByOrFail({ key: 'jwt_secret' });
  return Buffer.from(row.value, 'base64');
}

interface TokenRow {
  id: string;
  name: string;
  user: string | null;
  scopes: string[] | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

describe('API tokens', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub();
    await register(hub);
  });
  afterAll(() => hub.stop());

  it('keeps the signing secret private: a 0600 workdir file, or on PostgreSQL a database row the instances share', async () => {
    const path = join(hub.dir, 'data', 'jwt.secret');
    if (onPostgres) {
      expect(existsSync(path)).toBe(false);
    } else {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, 'utf8').trim().length).toBeGreaterThan(40);
    }
    expect((await signingKey(hub)).length).toBe(64);
  });

  it('issues a JWT for username + password that works as Bearer and ?token=', async () => {
    const issued = await issueToken(hub, { name: 'tablet', expiry_days: 30 });
    expect(issued).toMatchObject({ name: 'tablet' });
    expect(Date.parse(issued.expires_at!)).toBeGreaterThan(Date.now() + 29 * 86400_000);
    const decoded = jwt.decode(issued.token, { complete: true })!;
    expect(decoded.header.alg).toBe('HS256');
    expect((decoded.payload as jwt.JwtPayload).jti).toBe(issued.id);
    const viaHeader = await hub.fetch('/auth', { headers: bearer(issued.token) });
    expect(await viaHeader.json()).toMatchObject({
      user: { username: 'owner' },
      auth_method: 'jwt',
      scopes: null,
    });
    const viaQuery = await hub.fetch(`/auth?token=${issued.token}`);
    expect(viaQuery.status).toBe(200);
  });

  it('issues a token for an authenticated session (CSRF-checked) and for a token caller', async () => {
    const session = await login(hub);
    const res = await hub.fetch('/auth', json({ name: 'from-session' }, asSession(session)));
    expect(res.status).toBe(200);
    const noCsrf = await hub.fetch('/auth', json({ name: 'csrf' }, { cookie: session.cookie }));
    expect(noCsrf.status).toBe(403);
    const { token } = (await res.json()) as { token: string };
    const fromToken = await hub.fetch('/auth', json({ name: 'from-token' }, bearer(token)));
    expect(fromToken.status).toBe(200);
  });

  it('answers POST /auth without credentials with 401 and bad bodies with 400', async () => {
    expect((await hub.fetch('/auth', { method: 'POST' })).status).toBe(401);
    expect((await hub.fetch('/auth', json({ username: 'owner', password: 'wrong password' }))).status).toBe(
      401,
    );
    for (const body of [
      { ...ADMIN, expiry_days: 'soon' },
      { ...ADMIN, scopes: 'light.*' },
      { ...ADMIN, scopes: ['bad scope!'] },
      { ...ADMIN, extra: 1 },
      { username: 'owner' },
    ]) {
      expect((await hub.fetch('/auth', json(body))).status, JSON.stringify(body)).toBe(400);
    }
  });

  it("never lets a scoped token use its admin owner's rights", async () => {
    const full = await issueToken(hub, { name: 'full-admin' });
    expect((await hub.fetch('/users', { headers: bearer(full.token) })).status).toBe(200);
    const created = await hub.fetch(
      '/users',
      json({ username: 'scoped.target', password: 'target password' }, bearer(full.token)),
    );
    expect(created.status).toBe(201);
    const scoped = await issueToken(hub, { name: 'scoped-admin', scopes: ['light.*'] });
    expect((await hub.fetch('/users', { headers: bearer(scoped.token) })).status).toBe(403);
    const reset = await hub.fetch(
      '/users/scoped.target/password',
      json({ password: 'hijacked password' }, bearer(scoped.token), 'PUT'),
    );
    expect(reset.status).toBe(403);
    expect(
      (await hub.fetch('/login', json({ username: 'scoped.target', password: 'target password' }))).status,
    ).toBe(200);
  });

  it('enforces a route scope: 403 without events:read, 200 with it', async () => {
    const lights = await issueToken(hub, { name: 'lights-only', scopes: ['light.*'] });
    const denied = await hub.fetch('/events/history', { headers: bearer(lights.token) });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { message: string }).message).toMatch(/events:read/);
    const reader = await issueToken(hub, { name: 'reader', scopes: ['events:read'] });
    expect((await hub.fetch('/events/history', { headers: bearer(reader.token) })).status).toBe(200);
  });

  it('stores scopes, reports them, and never lets a scoped token grant more', async () => {
    const scoped = await issueToken(hub, { name: 'lights', scopes: ['light.*', 'events:read'] });
    const me = await hub.fetch('/auth', { headers: bearer(scoped.token) });
    expect(await me.json()).toMatchObject({ auth_method: 'jwt', scopes: ['light.*', 'events:read'] });
    const inherited = await hub.fetch('/auth', json({ name: 'inherit' }, bearer(scoped.token)));
    const child = (await inherited.json()) as { token: string };
    expect(await (await hub.fetch('/auth', { headers: bearer(child.token) })).json()).toMatchObject({
      scopes: ['light.*', 'events:read'],
    });
    const unrestricted = await hub.fetch(
      '/auth',
      json({ name: 'wider', scopes: null }, bearer(scoped.token)),
    );
    expect(unrestricted.status).toBe(403);
    const widerExplicit = await hub.fetch(
      '/auth',
      json({ name: 'wider', scopes: ['shell.exec'] }, bearer(scoped.token)),
    );
    expect(widerExplicit.status).toBe(403);
    const narrower = await hub.fetch(
      '/auth',
      json({ name: 'narrow', scopes: ['light.on'] }, bearer(scoped.token)),
    );
    expect(narrower.status).toBe(200);
  });

  it('lists tokens without their secrets; users see only their own', async () => {
    await hub.fetch(
      '/users',
      json(
        { username: 'guest', password: 'guest password' },
        { 'x-session-token': (await login(hub)).token },
      ),
    );
    const guestToken = await issueToken(
      hub,
      { name: 'guest-token' },
      { username: 'guest', password: 'guest password' },
    );
    const adminList = (await (
      await hub.fetch('/tokens', { headers: basic(ADMIN.username, ADMIN.password) })
    ).json()) as TokenRow[];
    expect(adminList.map((t) => t.name)).toContain('guest-token');
    expect(JSON.stringify(adminList)).not.toMatch(/eyJ/); // no JWT anywhere
    const guestList = (await (
      await hub.fetch('/tokens', { headers: bearer(guestToken.token) })
    ).json()) as TokenRow[];
    expect(guestList.map((t) => t.name)).toEqual(['guest-token']);
    expect(guestList[0].user).toBe('guest');
    // A user cannot revoke someone else's token: it is simply not theirs (404).
    const other = adminList.find((t) => t.user === 'owner')!;
    expect(
      (await hub.fetch(`/tokens/${other.id}`, { method: 'DELETE', headers: bearer(guestToken.token) }))
        .status,
    ).toBe(404);
  });

  it('records the last use', async () => {
    const issued = await issueToken(hub, { name: 'used' });
    await hub.fetch('/auth', { headers: bearer(issued.token) });
    const list = (await (await hub.fetch('/tokens', { headers: bearer(issued.token) })).json()) as TokenRow[];
    expect(list.find((t) => t.id === issued.id)!.last_used_at).not.toBeNull();
    const repo = hub.app.get(DataSource).getRepository(ApiTokenEntity);
    await vi.waitFor(async () =>
      expect((await repo.findOneByOrFail({ id: issued.id })).lastUsedAt).not.toBeNull(),
    );
  });

  it('revokes immediately', async () => {
    const issued = await issueToken(hub, { name: 'revoke-me' });
    expect((await hub.fetch('/auth', { headers: bearer(issued.token) })).status).toBe(200);
    const res = await hub.fetch(`/tokens/${issued.id}`, { method: 'DELETE', headers: bearer(issued.token) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as TokenRow).revoked_at).not.toBeNull();
    const after = await hub.fetch('/auth', { headers: bearer(issued.token) });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { message: string }).message).toMatch(/revoked/);
    expect((await hub.fetch(`/auth?token=${issued.token}`)).status).toBe(401);
  });

  it('answers revoking an unknown token with 404', async () => {
    const res = await hub.fetch('/tokens/no-such-id', {
      method: 'DELETE',
      headers: basic(ADMIN.username, ADMIN.password),
    });
    expect(res.status).toBe(404);
  });

  describe('refuses bad tokens with 401', () => {
    let good: { token: string; id: string };
    let key: Buffer;
    beforeAll(async () => {
      good = await issueToken(hub, { name: 'victim' });
      key = await signingKey(hub);
    });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

    it.each([
      [
        'tampered payload',
        () => {
          const [h, , s] = good.token.split('.');
          return `${h}.${b64({ jti: good.id, sub: 'owner', admin: true })}.${s}`;
        },
      ],
      ['tampered signature', () => good.token.slice(0, -4) + (good.token.endsWith('AAAA') ? 'BBBB' : 'AAAA')],
      ['alg: none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ jti: good.id })}.`],
      [
        'alg: HS512 with the right key',
        () => jwt.sign({}, createSecretKey(key), { algorithm: 'HS512', jwtid: good.id }),
      ],
      [
        'a wrong secret',
        () => jwt.sign({}, createSecretKey(randomBytes(64)), { algorithm: 'HS256', jwtid: good.id }),
      ],
      [
        'an expired token',
        () =>
          jwt.sign({ exp: Math.floor(Date.now() / 1000) - 60 }, createSecretKey(key), {
            algorithm: 'HS256',
            jwtid: good.id,
          }),
      ],
      [
        'an unknown jti',
        () => jwt.sign({}, createSecretKey(key), { algorithm: 'HS256', jwtid: 'forged-id' }),
      ],
      ['garbage', () => 'not.a.jwt'],
    ])('%s', async (_case, make) => {
      const token = make();
      expect((await hub.fetch('/auth', { headers: bearer(token) })).status).toBe(401);
      expect((await hub.fetch(`/auth?token=${encodeURIComponent(token)}`)).status).toBe(401);
    });

    it('still accepts the untouched token', async () => {
      expect((await hub.fetch('/auth', { headers: bearer(good.token) })).status).toBe(200);
    });

    it('refuses a token once it expires, even after it was accepted (and its signature remembered)', async () => {
      const expiresIn60 = jwt.sign({ exp: Math.floor(Date.now() / 1000) + 60 }, createSecretKey(key), {
        algorithm: 'HS256',
        jwtid: good.id,
      });
      expect((await hub.fetch('/auth', { headers: bearer(expiresIn60) })).status).toBe(200);
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 61_000);
        const res = await hub.fetch('/auth', { headers: bearer(expiresIn60) });
        expect(res.status).toBe(401);
        expect(((await res.json()) as { message: string }).message).toBe('Token expired');
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it('verifies tokens without a database round trip per request', async () => {
    const issued = await issueToken(hub, { name: 'hot' });
    await hub.fetch('/auth', { headers: bearer(issued.token) }); // warms the cache
    const repo = hub.app.get(DataSource).getRepository(ApiTokenEntity);
    const spy = vi.spyOn(repo, 'findOneBy');
    try {
      for (let i = 0; i < 20; i++)
        expect((await hub.fetch('/auth', { headers: bearer(issued.token) })).status).toBe(200);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('credentials', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: 'token: ${HUB_TEST_TOKEN}\n',
      env: { HUB_TEST_TOKEN: 'global-secret-token' },
    });
  });
  afterAll(() => hub.stop());

  it('accepts the global token before any user exists, as X-Token, Bearer and ?token=', async () => {
    for (const init of [
      { headers: { 'x-token': 'global-secret-token' } },
      { headers: bearer('global-secret-token') },
    ]) {
      const res = await hub.fetch('/auth', init);
      expect(await res.json()).toEqual({ user: null, auth_method: 'global_token', scopes: null });
    }
    expect((await hub.fetch('/auth?token=global-secret-token')).status).toBe(200);
  });

  it('answers a wrong global token with 412 while no user exists', async () => {
    expect((await hub.fetch('/auth', { headers: { 'x-token': 'global-secret-tokeN' } })).status).toBe(412);
  });

  it('lets the global token manage users; the first user is always an admin', async () => {
    const headers = { 'x-token': 'global-secret-token' };
    const res = await hub.fetch(
      '/users',
      json({ username: 'made.by.token', password: 'long enough' }, headers),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ username: 'made.by.token', is_admin: true });
    const second = await hub.fetch(
      '/users',
      json({ username: 'second.user', password: 'long enough' }, headers),
    );
    expect(await second.json()).toMatchObject({ is_admin: false });
  });

  it('accepts Basic with a registered user and refuses a wrong one with 401', async () => {
    const ok = await hub.fetch('/auth', { headers: basic('made.by.token', 'long enough') });
    expect(await ok.json()).toMatchObject({ auth_method: 'basic', user: { username: 'made.by.token' } });
    expect((await hub.fetch('/auth', { headers: basic('made.by.token', 'wrong password') })).status).toBe(
      401,
    );
    expect((await hub.fetch('/auth', { headers: { authorization: 'Basic !!!' } })).status).toBe(401);
  });

  it('refuses a wrong X-Token once users exist (401)', async () => {
    expect((await hub.fetch('/auth', { headers: { 'x-token': 'nope' } })).status).toBe(401);
    expect((await hub.fetch('/auth')).status).toBe(401);
  });
});
