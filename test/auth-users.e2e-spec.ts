import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, asSession, basic, form, json, login, register, type Session } from './support/auth-client';
import { bootHub, type TestHub } from './support/test-hub';

describe('users', () => {
  describe('before the first user', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await bootHub();
    });
    afterAll(() => hub.stop());

    it('answers protected routes with 412 registration_required', async () => {
      const res = await hub.fetch('/auth');
      expect(res.status).toBe(412);
      expect(await res.json()).toEqual({
        code: 412,
        error: 'registration_required',
        message: 'Please create a user first',
      });
    });

    it.each([
      ['a malformed JSON body', { 'content-type': 'application/json' }, '{"username": "a",'],
      ['a JSON array', { 'content-type': 'application/json' }, '[1,2]'],
      [
        'a number as username',
        { 'content-type': 'application/json' },
        '{"username": 5, "password": "xxxxxxxx", "confirm_password": "xxxxxxxx"}',
      ],
      ['a missing password', { 'content-type': 'application/json' }, '{"username": "me"}'],
      [
        'an over-long username',
        { 'content-type': 'application/json' },
        JSON.stringify({
          username: 'a'.repeat(65),
          password: 'long enough',
          confirm_password: 'long enough',
        }),
      ],
      [
        'a username with a space',
        { 'content-type': 'application/json' },
        JSON.stringify({ username: 'a b', password: 'long enough', confirm_password: 'long enough' }),
      ],
      [
        'a short password',
        { 'content-type': 'application/json' },
        JSON.stringify({ username: 'me', password: 'short', confirm_password: 'short' }),
      ],
      [
        'a confirmation that does not match',
        { 'content-type': 'application/json' },
        JSON.stringify({ username: 'me', password: 'long enough', confirm_password: 'long enougH' }),
      ],
    ])('refuses %s with a 400 that says what is wrong', async (_case, headers, body) => {
      const res = await hub.fetch('/register', { method: 'POST', headers, body });
      expect(res.status).toBe(400);
      const reply = (await res.json()) as { code: number; message: string };
      expect(reply.code).toBe(400);
      expect(reply.message.length).toBeGreaterThan(5);
      expect(reply.message).not.toMatch(/at .*\.(js|ts):\d+/);
    });

    it('refuses an invalid form registration with a 400 page, not a crash', async () => {
      const res = await hub.fetch(
        '/register',
        form({ username: 'x'.repeat(70), password: 'a', confirm_password: 'b' }),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toMatch(/at most 64 characters/);
    });

    it('registers the first user from a form as admin, sets the cookie and redirects same-site only', async () => {
      const res = await hub.fetch(
        '/register?redirect=' + encodeURIComponent('//evil.example/x'),
        form({ username: ADMIN.username, password: ADMIN.password, confirm_password: ADMIN.password }),
      );
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session_token='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      const me = await hub.fetch('/auth', { headers: { cookie: cookie.split(';')[0] } });
      expect(await me.json()).toMatchObject({
        user: { username: ADMIN.username, is_admin: true },
        auth_method: 'session',
      });
    });

    it('refuses any further registration with 403', async () => {
      const res = await hub.fetch(
        '/register',
        json({ username: 'intruder', password: 'long enough', confirm_password: 'long enough' }),
      );
      expect(res.status).toBe(403);
      const page = await hub.fetch(
        '/register',
        form({ username: 'intruder', password: 'long enough', confirm_password: 'long enough' }),
      );
      expect(page.status).toBe(403);
      const users = await hub.app.get(DataSource).query('SELECT username FROM users');
      expect(users).toEqual([{ username: ADMIN.username }]);
    });
  });

  describe('administration', () => {
    let hub: TestHub;
    let admin: Session;
    beforeAll(async () => {
      hub = await bootHub();
      admin = await register(hub);
    });
    afterAll(() => hub.stop());

    it('registers the first user with a JSON 201', async () => {
      const me = await hub.fetch('/auth', { headers: { cookie: admin.cookie } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: { username: 'owner', is_admin: true } });
    });

    it('lets the admin create, list and delete users', async () => {
      const created = await hub.fetch(
        '/users',
        json({ username: 'guest.1@home', password: 'guest password' }, asSession(admin)),
      );
      expect(created.status).toBe(201);
      expect(await created.json()).toMatchObject({ username: 'guest.1@home', is_admin: false });
      const list = await hub.fetch('/users', { headers: { cookie: admin.cookie } });
      const users = (await list.json()) as Array<{ username: string; password_hash?: string }>;
      expect(users.map((u) => u.username)).toEqual(['owner', 'guest.1@home']);
      expect(JSON.stringify(users)).not.toMatch(/\$2[aby]\$/);
      const del = await hub.fetch('/users/guest.1@home', { method: 'DELETE', headers: asSession(admin) });
      expect(del.status).toBe(200);
      const after = (await (
        await hub.fetch('/users', { headers: { cookie: admin.cookie } })
      ).json()) as unknown[];
      expect(after).toHaveLength(1);
    });

    it('refuses a duplicate user with 409', async () => {
      const res = await hub.fetch(
        '/users',
        json({ username: 'owner', password: 'another password' }, asSession(admin)),
      );
      expect(res.status).toBe(409);
    });

    it('refuses bad user bodies with 400', async () => {
      for (const body of [
        { username: 'a'.repeat(65), password: 'long enough' },
        { username: 'x', password: 12345678 },
        { username: 'x', password: 'long enough', role: 'root' },
      ]) {
        const res = await hub.fetch('/users', json(body, asSession(admin)));
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
    });

    it('keeps users management for admins (403 for others)', async () => {
      await hub.fetch('/users', json({ username: 'plain', password: 'plain password' }, asSession(admin)));
      const plain = await login(hub, { username: 'plain', password: 'plain password' });
      expect((await hub.fetch('/users', { headers: { cookie: plain.cookie } })).status).toBe(403);
      const create = await hub.fetch(
        '/users',
        json({ username: 'x2', password: 'long enough' }, asSession(plain)),
      );
      expect(create.status).toBe(403);
    });

    it('never deletes the last administrator', async () => {
      const res = await hub.fetch('/users/owner', { method: 'DELETE', headers: asSession(admin) });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { message: string }).message).toMatch(/last administrator/);
    });

    it('answers 404 for deleting an unknown user', async () => {
      const res = await hub.fetch('/users/nobody', { method: 'DELETE', headers: asSession(admin) });
      expect(res.status).toBe(404);
    });

    it('requires the old password to change your own', async () => {
      await hub.fetch('/users', json({ username: 'changer', password: 'first password' }, asSession(admin)));
      const me = await login(hub, { username: 'changer', password: 'first password' });
      const other = await login(hub, { username: 'changer', password: 'first password' });
      const missing = await hub.fetch(
        '/users/changer/password',
        json({ password: 'second password' }, asSession(me), 'PUT'),
      );
      expect(missing.status).toBe(400);
      const wrong = await hub.fetch(
        '/users/changer/password',
        json({ old_password: 'nope nope', password: 'second password' }, asSession(me), 'PUT'),
      );
      expect(wrong.status).toBe(403);
      const ok = await hub.fetch(
        '/users/changer/password',
        json(
          {
            old_password: 'first password',
            password: 'second password',
            confirm_password: 'second password',
          },
          asSession(me),
          'PUT',
        ),
      );
      expect(ok.status).toBe(200);
      expect(
        (await hub.fetch('/login', json({ username: 'changer', password: 'first password' }))).status,
      ).toBe(401);
      expect(
        (await hub.fetch('/login', json({ username: 'changer', password: 'second password' }))).status,
      ).toBe(200);
      // The session that changed it stays; the user's other sessions end.
      expect((await hub.fetch('/auth', { headers: { cookie: me.cookie } })).status).toBe(200);
      expect((await hub.fetch('/auth', { headers: { cookie: other.cookie } })).status).toBe(401);
    });

    it("refuses changing someone else's password unless admin, and lets the admin reset it", async () => {
      await hub.fetch('/users', json({ username: 'victim', password: 'victim password' }, asSession(admin)));
      const plain = await login(hub, { username: 'plain', password: 'plain password' });
      const denied = await hub.fetch(
        '/users/victim/password',
        json({ password: 'hacked password' }, asSession(plain), 'PUT'),
      );
      expect(denied.status).toBe(403);
      const reset = await hub.fetch(
        '/users/victim/password',
        json({ password: 'reset password' }, asSession(admin), 'PUT'),
      );
      expect(reset.status).toBe(200);
      expect((await hub.fetch('/auth', { headers: basic('victim', 'reset password') })).status).toBe(200);
    });

    it('ends sessions and tokens of a deleted user', async () => {
      await hub.fetch('/users', json({ username: 'leaver', password: 'leaver password' }, asSession(admin)));
      const session = await login(hub, { username: 'leaver', password: 'leaver password' });
      const issued = (await (
        await hub.fetch('/auth', json({ username: 'leaver', password: 'leaver password' }))
      ).json()) as { token: string };
      expect(
        (await hub.fetch('/auth', { headers: { authorization: `Bearer ${issued.token}` } })).status,
      ).toBe(200);
      await hub.fetch('/users/leaver', { method: 'DELETE', headers: asSession(admin) });
      expect((await hub.fetch('/auth', { headers: { cookie: session.cookie } })).status).toBe(401);
      expect(
        (await hub.fetch('/auth', { headers: { authorization: `Bearer ${issued.token}` } })).status,
      ).toBe(401);
    });
  });
});
