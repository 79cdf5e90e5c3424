import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, form, json } from './support/auth-client';
import { rawRequest } from './support/raw-http';
import { bootHub, type TestHub } from './support/test-hub';

const EVIL = 'https://evil.example';

/** Issue 10, item 3: the redirect after login is checked after normalisation. */
describe('redirect after login', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub();
    await hub.fetch('/register', json({ ...ADMIN, confirm_password: ADMIN.password }));
  });
  afterAll(() => hub?.stop());

  it.each(['/.//evil.example', '/%2e//evil.example', '/a/..//evil.example'])(
    'never sends the browser to another host for redirect=%s',
    async (target) => {
      const res = await hub.fetch(`/login?redirect=${encodeURIComponent(target)}`, form(ADMIN));
      expect(res.status).toBe(302);
      const location = res.headers.get('location')!;
      expect(location.startsWith('//')).toBe(false);
      expect(new URL(location, hub.url).origin).toBe(hub.url);
    },
  );
});

/** Issue 10, item 4: /register, /login and /logout refuse cross-site browser posts. */
describe('cross-site posts to the login routes', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub();
  });
  afterAll(() => hub?.stop());

  it('refuses a foreign page creating the first admin, and creates nothing', async () => {
    const fields = { ...ADMIN, confirm_password: ADMIN.password };
    const foreign = await hub.fetch('/register', form(fields, { origin: EVIL }));
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toMatch(/Cross-site requests are refused/);
    const fetchMetadata = await hub.fetch('/register', form(fields, { 'sec-fetch-site': 'cross-site' }));
    expect(fetchMetadata.status).toBe(403);
    // Still no user: protected routes keep asking for registration.
    expect((await hub.fetch('/auth')).status).toBe(412);

    const own = await hub.fetch(
      '/register',
      form(fields, { origin: hub.url, 'sec-fetch-site': 'same-origin' }),
    );
    expect(own.status).toBe(302);
  });

  it('refuses cross-site login and logout, and accepts them from the hub itself or a script', async () => {
    expect((await hub.fetch('/login', form(ADMIN, { origin: EVIL }))).status).toBe(403);
    expect((await hub.fetch('/login', form(ADMIN, { origin: 'null' }))).status).toBe(403);
    expect((await hub.fetch('/logout', form({}, { 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    expect((await hub.fetch('/login', form(ADMIN, { origin: hub.url }))).status).toBe(302);
    // No Origin and no Sec-Fetch-Site: not a browser form (curl, scripts).
    expect((await hub.fetch('/login', json(ADMIN))).status).toBe(200);
  });
});

/** Issue 10, item 5: DNS rebinding: only this hub's own names are answered. */
describe('Host check', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({ config: 'backend.http:\n  hostnames: [hub.example.org]\n' });
  });
  afterAll(() => hub?.stop());

  const withHost = (host: string) => rawRequest(hub.url, '/healthz', { headers: { host } });

  it('answers 421 for a name that is not the hub’s, before any route runs', async () => {
    const res = await withHost('evil.example:8008');
    expect(res.status).toBe(421);
    expect(JSON.parse(res.body.toString())).toMatchObject({
      code: 421,
      error: 'misdirected_request',
      message: expect.stringMatching(/backend\.http\.hostnames/),
    });
    expect(
      (await rawRequest(hub.url, '/register', { method: 'POST', headers: { host: 'evil.example' } })).status,
    ).toBe(421);
  });

  it('answers its IP addresses, localhost and the configured hostnames', async () => {
    for (const host of ['127.0.0.1:1', 'localhost:8008', 'hub.example.org', '[::1]:8008']) {
      expect((await withHost(host)).status, host).toBe(200);
    }
  });

  it('refuses the socket.io handshake for a foreign Host (socket.io answers before Fastify)', async () => {
    const handshake = (host: string) =>
      rawRequest(hub.url, '/socket.io/?EIO=4&transport=polling', { headers: { host } });
    const foreign = await handshake('evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.body.toString()).toMatch(/Host not allowed/);
    expect((await handshake('hub.example.org')).status).toBe(200);
  });
});
