import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, form, login, sessionCookie } from './support/auth-client';
import { rawRequest } from './support/raw-http';
import { bootHub, type TestHub } from './support/test-hub';

describe('HTML routes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub();
  });
  afterAll(() => hub.stop());

  it('sends visitors to /register (307) while no user exists', async () => {
    const res = await hub.fetch('/', { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/register');
    const login = await hub.fetch('/login', { redirect: 'manual' });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toMatch(/^\/register/);
  });

  it('serves a plain registration form that posts form-encoded to /register', async () => {
    const res = await hub.fetch('/register');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/register">/);
    expect(html).toMatch(/name="confirm_password"/);
  });

  it('registers through the form and lands on the page', async () => {
    const res = await hub.fetch('/register', form({ ...ADMIN, confirm_password: ADMIN.password }));
    expect(res.status).toBe(302);
    const home = await hub.fetch('/', { headers: { cookie: sessionCookie(res) }, redirect: 'manual' });
    expect(home.status).toBe(307);
    expect(home.headers.get('location')).toBe('/ui/');
  });

  it('sends visitors to /login?redirect=<path> (307) once a user exists, without a query token', async () => {
    const res = await hub.fetch('/?tab=2&token=leaky', { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`/login?redirect=${encodeURIComponent('/?tab=2')}`);
  });

  it('serves the login form with the redirect carried in a hidden field, escaped', async () => {
    const res = await hub.fetch(`/login?redirect=${encodeURIComponent('/x?a="><script>')}`);
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/login">/);
    expect(html).not.toMatch(/<script>/);
    expect(html).toMatch(/name="redirect" value="\/x\?a=%22%3E%3Cscript%3E"/);
  });

  it('sends /register to /login once a user exists', async () => {
    const res = await hub.fetch('/register', { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login/);
  });

  it.each([
    '//evil.example',
    'https://evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%5Cevil.example',
    'http:/evil.example',
  ])('never redirects off-site after login (%s)', async (target) => {
    const res = await hub.fetch('/login', form({ ...ADMIN, redirect: target }));
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(new URL(location, hub.url).origin).toBe(hub.url);
    expect(location.startsWith('//')).toBe(false);
    expect(location).not.toContain('\\');
  });

  it('keeps a protocol-relative request path from turning into an off-site redirect', async () => {
    const res = await rawRequest(hub.url, '//evil.example/');
    if (res.status === 307) {
      const location = String(res.headers.location);
      expect(location.startsWith('/login?redirect=')).toBe(true);
      const session = await login(hub);
      const after = await hub.fetch(
        `/login?redirect=${new URL(location, hub.url).searchParams.get('redirect')}`,
        form(ADMIN),
      );
      expect(new URL(after.headers.get('location')!, hub.url).origin).toBe(hub.url);
      expect(session.cookie).toMatch(/^session_token=/);
    } else {
      expect(res.status).toBe(404);
    }
  });

  it('logs out from the form and goes back to /login', async () => {
    const session = await login(hub);
    const res = await hub.fetch('/logout', form({}, { cookie: session.cookie, origin: hub.url }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    expect((await hub.fetch('/', { headers: { cookie: session.cookie }, redirect: 'manual' })).status).toBe(
      307,
    );
  });
});
