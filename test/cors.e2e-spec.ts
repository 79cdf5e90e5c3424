import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { issueToken, register, type Session } from './support/auth-client';
import { rawRequest } from './support/raw-http';
import { connectSocket } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

const TABLET = 'https://tablet.home.lan';
const STRANGER = 'https://evil.example';

const preflight = (hub: TestHub, origin: string, path = '/execute') =>
  rawRequest(hub.url, path, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, x-token',
    },
  });

describe('CORS off by default', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub();
  });
  afterAll(() => hub.stop());

  it('sends no Access-Control-* header, even to a preflight', async () => {
    const get = await rawRequest(hub.url, '/healthz', { headers: { origin: TABLET } });
    expect(get.status).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await preflight(hub, TABLET);
    expect(pre.status).toBe(404);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('CORS allowlist (backend.http.cors.origins)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: ['token: cors-token', 'backend.http:', '  cors:', `    origins: [${TABLET}/]`].join('\n'),
    });
  });
  afterAll(() => hub.stop());

  it('answers a preflight from a listed origin', async () => {
    const res = await preflight(hub, TABLET);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(TABLET);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('x-token');
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers.vary?.toLowerCase()).toContain('origin');
  });

  it('gives nothing to an unlisted origin', async () => {
    const pre = await preflight(hub, STRANGER);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const get = await rawRequest(hub.url, '/healthz', { headers: { origin: STRANGER } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    // A lookalike prefix is not the listed origin either.
    const lookalike = await rawRequest(hub.url, '/healthz', {
      headers: { origin: `${TABLET}.evil.example` },
    });
    expect(lookalike.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('marks actual responses for a listed origin, and exposes range headers', async () => {
    const res = await rawRequest(hub.url, '/healthz', { headers: { origin: TABLET } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(TABLET);
    expect(res.headers['access-control-expose-headers']).toContain('Content-Range');
  });

  it('marks the event feeds (raw streamed responses) too', async () => {
    const longpoll = await rawRequest(hub.url, '/events?feed=longpoll&timeout=0.1', {
      headers: { origin: TABLET, 'x-token': 'cors-token' },
    });
    expect(longpoll.status).toBe(200);
    expect(longpoll.headers['access-control-allow-origin']).toBe(TABLET);
    const sse = await fetch(`${hub.url}/events?feed=eventsource`, {
      headers: { origin: TABLET, 'x-token': 'cors-token' },
    });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    expect(sse.headers.get('access-control-allow-origin')).toBe(TABLET);
    await sse.body?.cancel();
    const stranger = await fetch(`${hub.url}/events?feed=eventsource`, {
      headers: { origin: STRANGER, 'x-token': 'cors-token' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    await stranger.body?.cancel();
  });

  it('still requires credentials on protected routes', async () => {
    const res = await rawRequest(hub.url, '/resources/uploads/x', { headers: { origin: TABLET } });
    expect(res.status).toBe(412);
    expect(res.headers['access-control-allow-origin']).toBe(TABLET);
  });
});

describe("socket.io with cors.origins ['*']", () => {
  let hub: TestHub;
  let session: Session;
  beforeAll(async () => {
    hub = await bootHub({ config: "backend.http:\n  cors:\n    origins: ['*']\n" });
    session = await register(hub);
  });
  afterAll(() => hub.stop());

  it('lets a page of any origin connect with a token, but never on the session cookie alone', async () => {
    await expect(
      connectSocket(hub.url, { headers: { origin: STRANGER, cookie: session.cookie } }),
    ).rejects.toThrow('Unauthorized');
    const { token } = await issueToken(hub);
    const socket = await connectSocket(hub.url, { token, headers: { origin: STRANGER } });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it("still accepts the cookie from the hub's own origin", async () => {
    const socket = await connectSocket(hub.url, { headers: { origin: hub.url, cookie: session.cookie } });
    expect(socket.connected).toBe(true);
    socket.close();
  });
});
