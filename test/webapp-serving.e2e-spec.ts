import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { register, type Session } from './support/auth-client';
import { WEBAPP_DIST } from './support/browser';
import { bootHub, type TestHub } from './support/test-hub';

/** The main entry chunk the build wrote (its name carries a content hash). */
function entryChunk(): string {
  const name = readdirSync(join(WEBAPP_DIST, 'assets')).find((f) => /^index-.*\.js$/.test(f));
  if (!name) throw new Error('webapp not built: run npm run build');
  return `/ui/assets/${name}`;
}

describe('serving the web panel (api.md §8a)', () => {
  let hub: TestHub;
  let session: Session;
  beforeAll(async () => {
    hub = await bootHub();
    session = await register(hub);
  });
  afterAll(() => hub.stop());

  const asUser = (extra: Record<string, string> = {}) => ({ headers: { cookie: session.cookie, ...extra } });

  it('sends / to /ui/ (307) for a signed-in user', async () => {
    const res = await hub.fetch('/', { ...asUser(), redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/ui/');
  });

  it('sends anonymous visitors of /ui/ pages to /login with the page to come back to', async () => {
    const res = await hub.fetch('/ui/events?x=1', { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`/login?redirect=${encodeURIComponent('/ui/events?x=1')}`);
  });

  it.each(['/ui/', '/ui/actions', '/ui/settings/tokens', '/ui/no/such/page'])(
    'answers the history route %s with index.html, no-cache, under a CSP without unsafe-eval',
    async (path) => {
      const res = await hub.fetch(path, asUser());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      const html = await res.text();
      expect(html).toMatch(/<div id="app"><\/div>/);
      // No inline script: every <script> has a src.
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    },
  );

  it('serves hashed assets as immutable, without a session', async () => {
    const res = await hub.fetch(entryChunk());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });

  it('sends the precompressed brotli or gzip file the client accepts, the same bytes once decoded', async () => {
    const { request } = await import('node:http');
    const get = (encoding: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const req = request(
          `${hub.url}${entryChunk()}`,
          { headers: { 'accept-encoding': encoding } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const plain = await get('identity');
    const br = await get('gzip, deflate, br');
    const gz = await get('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('answers a matching If-None-Match with 304', async () => {
    const first = await hub.fetch(entryChunk(), { headers: { 'accept-encoding': 'gzip' } });
    const etag = first.headers.get('etag')!;
    const again = await hub.fetch(entryChunk(), {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('answers an unknown asset with 404, never with index.html', async () => {
    const res = await hub.fetch('/ui/assets/nope-123.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });

  it('does not fall back to the SPA outside /ui/ and /dashboard/', async () => {
    const res = await hub.fetch('/actions', asUser());
    expect(res.status).toBe(404);
  });
});
