import { rmSync } from 'node:fs';

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SessionEntity } from '@hub/database';

import { ADMIN, asSession, form, json, login, register, type Session } from './support/auth-client';
import { rawRequest } from './support/raw-http';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';
import { makeSelfSignedCert } from './support/tls-cert';

describe('sessions', () => {
  let hub: TestHub;
  let db: DataSource;
  beforeAll(async () => {
    hub = await bootHub();
    db = hub.app.get(DataSource);
    await register(hub);
  });
  afterAll(() => hub.stop());

  describe('POST /login', () => {
    it('sets an HttpOnly, SameSite=Lax, Path=/ browser-session cookie and stores only its hash', async () => {
      const res = await hub.fetch('/login', json(ADMIN));
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        user: { username: string };
        expires_at: string;
        csrf_token: string;
      };
      expect(body.user.username).toBe('owner');
      expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session_token='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/i); // plain HTTP here
      expect(cookie).not.toMatch(/Expires|Max-Age/i); // no `remember`
      const token = cookie.split(';')[0].slice('session_token='.length);
      const rows = await db.query<Array<{ token_hash: string }>>('SELECT token_hash FROM sessions');
      expect(rows.some((r) => r.token_hash === token)).toBe(false);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    });

    it('makes the cookie persistent with remember', async () => {
      const res = await hub.fetch('/login', json({ ...ADMIN, remember: true }));
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session_token='))!;
      expect(cookie).toMatch(/Expires=/i);
    });

    it('answers wrong credentials with 401, never 200', async () => {
      for (const body of [
        { username: 'owner', password: 'wrong password' },
        { username: 'nobody', password: ADMIN.password },
      ]) {
        const res = await hub.fetch('/login', json(body));
        expect(res.status).toBe(401);
        expect(res.headers.getSetCookie()).toEqual([]);
      }
    });

    it('refuses malformed bodies with 400', async () => {
      const cases: RequestInit[] = [
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' },
        json({ username: ['owner'], password: ADMIN.password }),
        json({ username: 'owner' }),
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '%%%&&&' },
      ];
      for (const init of cases) {
        const res = await hub.fetch('/login', init);
        expect(res.status, JSON.stringify(init.body)).toBe(400);
      }
    });

    it('logs in from a form and redirects to a same-site path only', async () => {
      const ok = await hub.fetch('/login', form({ ...ADMIN, redirect: '/dashboard/main?x=1' }));
      expect(ok.status).toBe(302);
      expect(ok.headers.get('location')).toBe('/dashboard/main?x=1');
      for (const evil of [
        '//evil.example',
        'https://evil.example/',
        '/\\evil.example',
        'javascript:alert(1)',
        '/%0d%0aSet-Cookie:x',
      ]) {
        const res = await hub.fetch(`/login?redirect=${encodeURIComponent(evil)}`, form(ADMIN));
        expect(res.status).toBe(302);
        const location = res.headers.get('location')!;
        expect(
          location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'),
          location,
        ).toBe(true);
        expect(location).not.toMatch(/evil|javascript|\r|\n/);
      }
    });

    it('answers a wrong form login with a 401 page', async () => {
      const res = await hub.fetch('/login', form({ username: 'owner', password: 'bad password' }));
      expect(res.status).toBe(401);
      expect(await res.text()).toMatch(/Wrong username or password/);
    });
  });

  describe('using a session', () => {
    let session: Session;
    beforeAll(async () => {
      session = await login(hub);
    });

    it('authenticates with the cookie and exposes the CSRF token in GET /auth', async () => {
      const res = await hub.fetch('/auth', { headers: { cookie: session.cookie } });
      expect(await res.json()).toEqual({
        user: { id: 1, username: 'owner', is_admin: true },
        auth_method: 'session',
        scopes: null,
        csrf_token: session.csrf,
      });
    });

    it('authenticates with X-Session-Token, which needs no CSRF token', async () => {
      const res = await hub.fetch(
        '/users',
        json({ username: 'via.header', password: 'long enough' }, { 'x-session-token': session.token }),
      );
      expect(res.status).toBe(201);
    });

    it('refuses a cookie-authenticated write without CSRF proof (403)', async () => {
      const res = await hub.fetch(
        '/users',
        json({ username: 'csrf.victim', password: 'long enough' }, { cookie: session.cookie }),
      );
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/CSRF/);
      const crossSite = await hub.fetch(
        '/users',
        json(
          { username: 'csrf.victim', password: 'long enough' },
          { cookie: session.cookie, origin: 'https://evil.example' },
        ),
      );
      expect(crossSite.status).toBe(403);
      const wrongToken = await hub.fetch(
        '/users',
        json(
          { username: 'csrf.victim', password: 'long enough' },
          { cookie: session.cookie, 'x-csrf-token': 'nope' },
        ),
      );
      expect(wrongToken.status).toBe(403);
    });

    it('accepts a cookie-authenticated write with X-CSRF-Token or a same-origin Origin', async () => {
      const withToken = await hub.fetch(
        '/users',
        json({ username: 'csrf.ok1', password: 'long enough' }, asSession(session)),
      );
      expect(withToken.status).toBe(201);
      const sameOrigin = await hub.fetch(
        '/users',
        json({ username: 'csrf.ok2', password: 'long enough' }, { cookie: session.cookie, origin: hub.url }),
      );
      expect(sameOrigin.status).toBe(201);
    });

    it('refuses an unknown session token with 401', async () => {
      const res = await hub.fetch('/auth', { headers: { cookie: 'session_token=not-a-session' } });
      expect(res.status).toBe(401);
    });
  });

  describe('POST /logout', () => {
    it('deletes the session row and clears the cookie', async () => {
      const session = await login(hub);
      const before = await db.getRepository(SessionEntity).count();
      const res = await hub.fetch('/logout', { method: 'POST', headers: asSession(session) });
      expect(res.status).toBe(200);
      const cleared = res.headers.getSetCookie().find((c) => c.startsWith('session_token='))!;
      expect(cleared).toMatch(/session_token=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/i);
      expect(await db.getRepository(SessionEntity).count()).toBe(before - 1);
      expect((await hub.fetch('/auth', { headers: { cookie: session.cookie } })).status).toBe(401);
    });

    it('refuses a cross-site logout of a cookie session', async () => {
      const session = await login(hub);
      const res = await hub.fetch('/logout', {
        method: 'POST',
        headers: { cookie: session.cookie, origin: 'https://evil.example' },
      });
      expect(res.status).toBe(403);
      expect((await hub.fetch('/auth', { headers: { cookie: session.cookie } })).status).toBe(200);
    });
  });
});

describe('sessions under TLS', () => {
  it('marks the cookie Secure when the hub serves HTTPS', async () => {
    const dir = makeTempDir();
    const { pem } = makeSelfSignedCert(dir);
    const hub = await bootHub({ dir, config: 'backend.http:\n  ssl_cert: cert.pem\n  ssl_key: key.pem\n' });
    try {
      expect(hub.url).toMatch(/^https:/);
      const body = JSON.stringify({ ...ADMIN, confirm_password: ADMIN.password });
      const res = await rawRequest(hub.url, '/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        ca: pem,
      });
      expect(res.status).toBe(201);
      const cookie = ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('session_token='));
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
    } finally {
      await hub.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
