import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, bearer, issueToken, json } from './support/auth-client';
import { AS_OWNER, execute, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

const FEED =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Device news</title>' +
  '<item><guid>d1</guid><title>Firmware</title></item></channel></rss>';

/**
 * A device on 127.0.0.2 (the owner lists it in http.allowed_ranges) that redirects wherever it
 * is told. Everything stays on loopback: the refused hops are refused before any connection.
 */
function startDevice(): Promise<Device> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to) return void res.writeHead(302, { location: to }).end();
    if (req.url === '/feed.xml')
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"device":"ok"}');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.2', () =>
      resolve({ server, url: `http://127.0.0.2:${(server.address() as AddressInfo).port}`, hits }),
    ),
  );
}

interface Device {
  server: Server;
  url: string;
  hits: string[];
}

/** What each describe block below runs against: a hub, the device, and a guest user's token. */
interface Fixture {
  hub: TestHub;
  device: Device;
  user: Record<string, string>;
}

/**
 * Registers the hooks that start the device and a hub on `config` (after the token settings),
 * with the owner and a guest user who is not an administrator; the fields fill in before the tests.
 */
function hubWithDevice(config: string): Fixture {
  const fixture = {} as Fixture;
  beforeAll(async () => {
    fixture.device = await startDevice();
    fixture.hub = await bootHub({ config: `${TOKEN_CONFIG}${config}` });
    await fixture.hub.fetch('/register', json({ ...ADMIN, confirm_password: ADMIN.password }));
    const guest = { username: 'guest', password: 'guest password 1' };
    await fixture.hub.fetch('/users', json(guest, AS_OWNER));
    fixture.user = bearer((await issueToken(fixture.hub, {}, guest)).token);
  });
  afterAll(async () => {
    await fixture.hub?.stop();
    if (fixture.device) await new Promise((resolve) => fixture.device.server.close(resolve));
  });
  return fixture;
}

/** Issue 10, item 7: outbound requests follow an address policy checked after DNS, every hop. */
describe('outbound request policy (http.*)', () => {
  const f = hubWithDevice(
    'auth:\n  bcrypt_cost: 4\n  user_actions: [http.get]\nhttp:\n  allowed_ranges: [127.0.0.2/32]\n  timeout_seconds: 5\n',
  );

  const get = (url: string, headers: Record<string, string> = AS_OWNER) =>
    execute(f.hub, { action: 'http.get', args: { url } }, headers);

  it('reaches an address in http.allowed_ranges', async () => {
    const res = await get(`${f.device.url}/status`);
    expect(res.status).toBe(200);
    expect(res.body.response.output).toMatchObject({ status: 200, body: { device: 'ok' } });
  });

  it.each([
    ['loopback', 'http://127.0.0.1:9/'],
    ['loopback by name, after DNS', 'http://localhost:9/'],
    ['loopback as one number', 'http://2130706433:9/'],
    ['loopback in hex', 'http://0x7f.0.0.1:9/'],
    ['loopback, short form', 'http://127.1:9/'],
    ['IPv6 loopback', 'http://[::1]:9/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:9/'],
    ['link-local metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['unspecified', 'http://0.0.0.0:9/'],
  ])('refuses %s (%s) with 403, before connecting', async (_what, url) => {
    const res = await get(url);
    expect(res.status).toBe(403);
    expect(res.body.response.errors[0]).toMatch(/Refused to connect to .*(loopback|link-local|special)/);
  });

  it('checks every redirect hop again', async () => {
    const before = f.device.hits.length;
    const res = await get(`${f.device.url}/go?to=${encodeURIComponent('http://127.0.0.1:9/secret')}`);
    expect(res.status).toBe(403);
    expect(res.body.response.errors[0]).toMatch(/Refused to connect to 127\.0\.0\.1: loopback/);
    expect(f.device.hits.length).toBe(before + 1);
    const allowedHop = await get(`${f.device.url}/go?to=${encodeURIComponent(`${f.device.url}/final`)}`);
    expect(allowedHop.body.response.output).toMatchObject({ body: { device: 'ok' } });
  });

  it('keeps users who are not administrators inside the allowed ranges', async () => {
    expect((await get(`${f.device.url}/status`, f.user)).status).toBe(200);
    const publicAddress = await get('http://192.0.2.1/', f.user);
    expect(publicAddress.status).toBe(403);
    const onlyRanges = await get('http://198.51.100.7/', f.user);
    expect(onlyRanges.status).toBe(403);
    expect(onlyRanges.body.response.errors[0]).toMatch(/not administrators reach only http.allowed_ranges/);
  });
});

/**
 * Item 7's "every plugin that fetches a URL given by a caller": rss.parse_feed is the one besides
 * http.* (calendar, weather and rss subscriptions fetch URLs from config.yaml, the owner's).
 */
describe('outbound request policy (rss.parse_feed)', () => {
  const f = hubWithDevice(
    'auth:\n  bcrypt_cost: 4\nrss:\n  allowed_ranges: [127.0.0.2/32]\n  timeout_seconds: 5\n',
  );

  const parse = (url: string, headers: Record<string, string> = f.user) =>
    execute(f.hub, { action: 'rss.parse_feed', args: { url } }, headers);

  it('fetches a feed from an address in rss.allowed_ranges, for a user too', async () => {
    const res = await parse(`${f.device.url}/feed.xml`);
    expect(res.status).toBe(200);
    expect(res.body.response.output).toMatchObject({ title: 'Device news', entries: [{ id: 'd1' }] });
  });

  it.each([
    ['loopback', 'http://127.0.0.1:9/feed.xml'],
    ['loopback by name, after DNS', 'http://localhost:9/feed.xml'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]:9/feed.xml'],
    ['link-local metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['a LAN address outside rss.allowed_ranges', 'http://192.168.1.1/feed.xml'],
  ])('refuses %s (%s) with 403, for administrators too', async (_what, url) => {
    for (const headers of [f.user, AS_OWNER]) {
      const res = await parse(url, headers);
      expect(res.status).toBe(403);
      expect(res.body.response.errors[0]).toMatch(/Refused to connect to /);
    }
  });

  it('checks every redirect hop again', async () => {
    const before = f.device.hits.length;
    const res = await parse(`${f.device.url}/go?to=${encodeURIComponent('http://127.0.0.1:9/feed.xml')}`);
    expect(res.status).toBe(403);
    expect(res.body.response.errors[0]).toMatch(/Refused to connect to 127\.0\.0\.1: loopback/);
    expect(f.device.hits.length).toBe(before + 1);
  });
});
