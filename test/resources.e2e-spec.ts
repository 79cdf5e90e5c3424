import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, basic, register } from './support/auth-client';
import { rawRequest } from './support/raw-http';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';

const TOKEN = 'resources-test-token';
const AUTH = { 'x-token': TOKEN };
const SECRET = `TOP-SECRET-${randomBytes(8).toString('hex')}`;
const HELLO = 'hello from the photos mount\n';
const BIG = randomBytes(3 * 1024 * 1024 + 17);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Layout (all under one temp dir):
 *   secret.txt                 the file no request may ever read
 *   m/photos/                  mount `photos` (authenticated, listing) and `nolist` (string form)
 *   m/photos-evil/secret.txt   a sibling sharing the mount's name as a prefix
 *   m/public/                  mount `pub` (public)
 */
function plantFiles(dir: string): void {
  const photos = join(dir, 'm/photos');
  mkdirSync(join(photos, 'sub'), { recursive: true });
  mkdirSync(join(dir, 'm/photos-evil'), { recursive: true });
  mkdirSync(join(dir, 'm/public'), { recursive: true });
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'm/photos-evil/secret.txt'), SECRET);
  writeFileSync(join(photos, 'hello.txt'), HELLO);
  writeFileSync(join(photos, 'sub/nested.json'), '{"nested": true}');
  writeFileSync(join(photos, 'pixel.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  writeFileSync(join(photos, 'big.bin'), BIG);
  writeFileSync(join(photos, '.hidden'), SECRET);
  symlinkSync(join(dir, 'secret.txt'), join(photos, 'escape.txt'));
  symlinkSync('../../secret.txt', join(photos, 'escape-relative.txt'));
  symlinkSync(dir, join(photos, 'escape-dir'));
  symlinkSync('../photos-evil/secret.txt', join(photos, 'prefix-escape.txt'));
  symlinkSync('hello.txt', join(photos, 'inside-link.txt'));
  symlinkSync('.hidden', join(photos, 'to-hidden.txt'));
  writeFileSync(join(dir, 'm/public/open.txt'), 'anyone may read this');
}

describe('GET /resources/<mount>/<path>', () => {
  let hub: TestHub;
  let dir: string;

  beforeAll(async () => {
    dir = makeTempDir('hub-resources-');
    plantFiles(dir);
    hub = await bootHub({
      dir,
      config: [
        `token: ${TOKEN}`,
        'backend.http:',
        '  resource_dirs:',
        '    photos: {path: ./m/photos, listing: true}',
        '    nolist: ./m/photos',
        '    pub: {path: ./m/public, public: true}',
      ].join('\n'),
    });
  });
  afterAll(() => hub.stop());

  describe('access', () => {
    it('refuses a private mount without credentials', async () => {
      const res = await hub.fetch('/resources/photos/hello.txt');
      expect(res.status).toBe(412); // no user yet: registration_required, as every protected route
      expect(await res.text()).not.toContain('hello from');
    });

    it('refuses a wrong token with 401', async () => {
      const res = await hub.fetch('/resources/photos/hello.txt', { headers: { 'x-token': 'wrong' } });
      expect([401, 412]).toContain(res.status);
      expect(await res.text()).not.toContain('hello from');
    });

    it('serves a private mount to the global token (header or ?token=)', async () => {
      const byHeader = await hub.fetch('/resources/photos/hello.txt', { headers: AUTH });
      expect(byHeader.status).toBe(200);
      expect(await byHeader.text()).toBe(HELLO);
      const byQuery = await hub.fetch(`/resources/photos/hello.txt?token=${TOKEN}`);
      expect(byQuery.status).toBe(200);
      expect(await byQuery.text()).toBe(HELLO);
    });

    it('serves a public mount without credentials', async () => {
      const res = await hub.fetch('/resources/pub/open.txt');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('anyone may read this');
      expect(res.headers.get('cache-control')).toBe('public, no-cache');
    });

    it('answers an unknown mount like a private one: credentials first, then 404', async () => {
      expect((await hub.fetch('/resources/nope/hello.txt')).status).toBe(412);
      expect((await hub.fetch('/resources/nope/hello.txt', { headers: AUTH })).status).toBe(404);
    });

    it('mounts the upload directory as `uploads`, authenticated', async () => {
      writeFileSync(join(dir, 'data/uploads/uploaded.txt'), 'uploaded before');
      expect((await hub.fetch('/resources/uploads/uploaded.txt')).status).toBe(412);
      const res = await hub.fetch('/resources/uploads/uploaded.txt', { headers: AUTH });
      expect(await res.text()).toBe('uploaded before');
    });
  });

  describe('content', () => {
    it('sends the right Content-Type and safety headers', async () => {
      const cases: Array<[string, string]> = [
        ['hello.txt', 'text/plain; charset=utf-8'],
        ['pixel.png', 'image/png'],
        ['sub/nested.json', 'application/json; charset=utf-8'],
        ['big.bin', 'application/octet-stream'],
      ];
      for (const [path, type] of cases) {
        const res = await hub.fetch(`/resources/photos/${path}`, { headers: AUTH });
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type'), path).toBe(type);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toBe('sandbox');
        expect(res.headers.get('cache-control')).toBe('private, no-cache');
        await res.arrayBuffer();
      }
    });

    it('streams a multi-megabyte file intact', async () => {
      const res = await hub.fetch('/resources/photos/big.bin', { headers: AUTH });
      expect(res.headers.get('content-length')).toBe(String(BIG.length));
      expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(BIG));
    });

    it('follows a symlink that stays inside the mount', async () => {
      const res = await hub.fetch('/resources/photos/inside-link.txt', { headers: AUTH });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(HELLO);
    });

    it('answers HEAD with the headers and no body', async () => {
      const res = await rawRequest(hub.url, '/resources/photos/big.bin', { method: 'HEAD', headers: AUTH });
      expect(res.status).toBe(200);
      expect(res.headers['content-length']).toBe(String(BIG.length));
      expect(res.headers.etag).toBeTruthy();
      expect(res.body.length).toBe(0);
    });

    it('never streams a FIFO (it would hang the request)', async () => {
      execFileSync('mkfifo', [join(dir, 'm/public/pipe')]);
      const res = await rawRequest(hub.url, '/resources/pub/pipe');
      expect(res.status).toBe(404);
    });

    it('does not serve hidden files, nor a symlink to one', async () => {
      for (const path of ['.hidden', 'to-hidden.txt', '%2ehidden']) {
        const res = await rawRequest(hub.url, `/resources/photos/${path}`, { headers: AUTH });
        expect(res.status, path).toBe(404);
        expect(res.body.toString()).not.toContain(SECRET);
      }
    });
  });

  describe('caching', () => {
    // rawRequest, not fetch(): fetch() adds `Cache-Control: no-cache` to conditional requests,
    // which rightly forces a full answer.
    const get = (headers: Record<string, string> = {}) =>
      rawRequest(hub.url, '/resources/photos/hello.txt', { headers: { ...AUTH, ...headers } });

    it('sends ETag and Last-Modified, and 304 for a matching If-None-Match', async () => {
      const first = await get();
      const etag = first.headers.etag!;
      expect(etag).toMatch(/^W\/".+"$/);
      expect(first.headers['last-modified']).toBeTruthy();
      const again = await get({ 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      const other = await get({ 'if-none-match': 'W/"something-else"' });
      expect(other.status).toBe(200);
      expect(other.body.toString()).toBe(HELLO);
    });

    it('answers 304 for If-Modified-Since at or after Last-Modified, 200 before it', async () => {
      const lastModified = (await get()).headers['last-modified']!;
      const same = await get({ 'if-modified-since': lastModified });
      expect(same.status).toBe(304);
      const older = new Date(Date.parse(lastModified) - 3600_000).toUTCString();
      const stale = await get({ 'if-modified-since': older });
      expect(stale.status).toBe(200);
      expect(stale.body.toString()).toBe(HELLO);
    });

    it('answers 412 when If-Match names another version', async () => {
      const res = await get({ 'if-match': 'W/"another-version"' });
      expect(res.status).toBe(412);
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: 412, error: 'precondition_failed' });
      expect((await get({ 'if-match': (await get()).headers.etag! })).status).toBe(200);
    });

    it('answers a changed file in full after it changed', async () => {
      const first = await get();
      const path = join(dir, 'm/public/changing.txt');
      writeFileSync(path, 'version one');
      const v1 = await rawRequest(hub.url, '/resources/pub/changing.txt');
      writeFileSync(path, 'version two, longer');
      const v2 = await rawRequest(hub.url, '/resources/pub/changing.txt', {
        headers: { 'if-none-match': v1.headers.etag! },
      });
      expect(first.status).toBe(200);
      expect(v2.status).toBe(200);
      expect(v2.body.toString()).toBe('version two, longer');
    });
  });

  describe('ranges', () => {
    const get = (range: string, extra: Record<string, string> = {}) =>
      rawRequest(hub.url, '/resources/photos/big.bin', { headers: { ...AUTH, range, ...extra } });

    it('answers a byte range with 206 and Content-Range', async () => {
      const res = await get('bytes=100-199');
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes 100-199/${BIG.length}`);
      expect(res.headers['content-length']).toBe('100');
      expect(res.body.equals(BIG.subarray(100, 200))).toBe(true);
    });

    it('answers open-ended and suffix ranges', async () => {
      const open = await get(`bytes=${BIG.length - 10}-`);
      expect(open.status).toBe(206);
      expect(open.body.equals(BIG.subarray(BIG.length - 10))).toBe(true);
      const suffix = await get('bytes=-7');
      expect(suffix.status).toBe(206);
      expect(suffix.headers['content-range']).toBe(`bytes ${BIG.length - 7}-${BIG.length - 1}/${BIG.length}`);
      expect(suffix.body.equals(BIG.subarray(BIG.length - 7))).toBe(true);
    });

    it('serves ranges deep into a file larger than 2 GiB without reading the rest', async () => {
      // Sparse: 3 GiB on paper, nothing on disk. A buffered implementation would not survive it.
      const huge = join(dir, 'm/public/huge.bin');
      const size = 3 * 1024 ** 3;
      const handle = openSync(huge, 'w');
      ftruncateSync(handle, size);
      writeSync(handle, Buffer.from('deep bytes'), 0, 10, size - 10);
      closeSync(handle);
      const head = await rawRequest(hub.url, '/resources/pub/huge.bin', { method: 'HEAD' });
      expect(head.headers['content-length']).toBe(String(size));
      const tail = await rawRequest(hub.url, '/resources/pub/huge.bin', { headers: { range: 'bytes=-10' } });
      expect(tail.status).toBe(206);
      expect(tail.headers['content-range']).toBe(`bytes ${size - 10}-${size - 1}/${size}`);
      expect(tail.body.toString()).toBe('deep bytes');
    });

    it('answers 416 with the size for a range past the end', async () => {
      const res = await get(`bytes=${BIG.length}-${BIG.length + 10}`);
      expect(res.status).toBe(416);
      expect(res.headers['content-range']).toBe(`bytes */${BIG.length}`);
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: 416, error: 'range_not_satisfiable' });
    });

    it('ignores the range when If-Range names an older version', async () => {
      const res = await get('bytes=0-9', { 'if-range': 'W/"stale"' });
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(BIG.length);
    });
  });

  describe('directories', () => {
    it('lists a directory of a mount with listing: true', async () => {
      const res = await hub.fetch('/resources/photos/', { headers: AUTH });
      expect(res.status).toBe(200);
      const listing = (await res.json()) as {
        mount: string;
        path: string;
        entries: Array<{ name: string; type: string; url: string; mime?: string; size?: number }>;
      };
      expect(listing.mount).toBe('photos');
      expect(listing.path).toBe('');
      const names = listing.entries.map((e) => e.name);
      expect(names).toEqual(['big.bin', 'hello.txt', 'inside-link.txt', 'pixel.png', 'sub']);
      expect(listing.entries.find((e) => e.name === 'pixel.png')).toMatchObject({
        type: 'file',
        mime: 'image/png',
        size: 8,
        url: '/resources/photos/pixel.png',
      });
      expect(listing.entries.find((e) => e.name === 'sub')).toMatchObject({
        type: 'directory',
        url: '/resources/photos/sub/',
      });
    });

    it('lists the mount root without a trailing slash, and subdirectories', async () => {
      const root = await hub.fetch('/resources/photos', { headers: AUTH });
      expect(root.status).toBe(200);
      const sub = (await (await hub.fetch('/resources/photos/sub/', { headers: AUTH })).json()) as {
        path: string;
        entries: Array<{ url: string }>;
      };
      expect(sub.path).toBe('sub/');
      expect(sub.entries.map((e) => e.url)).toEqual(['/resources/photos/sub/nested.json']);
    });

    it('lists the mounts at /resources, names and flags only, to signed-in callers', async () => {
      const res = await hub.fetch('/resources', { headers: AUTH });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        mounts: [
          { name: 'photos', public: false, listing: true, url: '/resources/photos/' },
          { name: 'nolist', public: false, listing: false, url: '/resources/nolist/' },
          { name: 'pub', public: true, listing: false, url: '/resources/pub/' },
          { name: 'uploads', public: false, listing: false, url: '/resources/uploads/' },
        ],
      });
      expect([401, 412]).toContain((await hub.fetch('/resources')).status);
    });

    it('answers 404 for directories of a mount without listing, and for a file asked as a directory', async () => {
      expect((await hub.fetch('/resources/nolist/', { headers: AUTH })).status).toBe(404);
      expect((await hub.fetch('/resources/nolist/sub/', { headers: AUTH })).status).toBe(404);
      expect((await hub.fetch('/resources/nolist/hello.txt', { headers: AUTH })).status).toBe(200);
      expect((await hub.fetch('/resources/photos/hello.txt/', { headers: AUTH })).status).toBe(404);
    });
  });

  describe('containment', () => {
    // Every path is sent raw (no client-side normalisation) with valid credentials, and must
    // answer 404 without a byte of the secret planted next to (outside) the mount.
    const abs = () => join(dir, 'secret.txt');
    const corpus: Array<string | (() => string)> = [
      '/resources/photos/../secret.txt',
      '/resources/photos/../../secret.txt',
      '/resources/photos/..%2fsecret.txt',
      '/resources/photos/..%2Fsecret.txt',
      '/resources/photos/%2e%2e/secret.txt',
      '/resources/photos/%2E%2E/secret.txt',
      '/resources/photos/%2e%2e%2fsecret.txt',
      '/resources/photos/.%2e/secret.txt',
      '/resources/photos/%2e./secret.txt',
      '/resources/photos/%252e%252e/secret.txt',
      '/resources/photos/%252e%252e%252fsecret.txt',
      '/resources/photos/..%252f..%252fsecret.txt',
      '/resources/photos/..\\secret.txt',
      '/resources/photos/..%5csecret.txt',
      '/resources/photos/%5c..%5csecret.txt',
      '/resources/photos/%2e%2e%5csecret.txt',
      '/resources/photos/..%255csecret.txt',
      '/resources/photos/sub/../../secret.txt',
      '/resources/photos/sub/%2e%2e/%2e%2e/secret.txt',
      '/resources/photos/sub%2f..%2f..%2fsecret.txt',
      '/resources/photos/hello.txt/../../secret.txt',
      '/resources/photos/./../secret.txt',
      '/resources/photos/....//secret.txt',
      '/resources/photos/..;/secret.txt',
      '/resources/photos/..%00/secret.txt',
      '/resources/photos/secret.txt%00.png',
      '/resources/photos/escape.txt%00',
      '/resources/photos/..%c0%af..%c0%afsecret.txt',
      '/resources/photos/%c0%ae%c0%ae/secret.txt',
      '/resources/photos/%u002e%u002e/secret.txt',
      '/resources/photos/%e2%80%a5/secret.txt',
      '/resources/photos/%ef%bc%8e%ef%bc%8e/secret.txt',
      () => `/resources/photos/${encodeURIComponent(abs())}`,
      () => `/resources/photos/${abs()}`,
      () => `/resources/photos//${abs()}`,
      '/resources/photos/escape.txt',
      '/resources/photos/escape-relative.txt',
      '/resources/photos/escape-dir/secret.txt',
      '/resources/photos/escape-dir/',
      '/resources/photos/escape-dir/m/photos-evil/secret.txt',
      '/resources/photos/prefix-escape.txt',
      '/resources/photos/..',
      '/resources/photos/%2e%2e/',
      '/resources/%2e%2e/secret.txt',
      '/resources/..%2fsecret.txt',
      '/resources/photos%2f..%2f..%2fsecret.txt',
      '/resources/pub/../../secret.txt',
      '/resources/pub/%2e%2e/%2e%2e/secret.txt',
      '/resources/pub/..%5c..%5csecret.txt',
      '/resources/nolist/escape.txt',
    ];

    // Invalid UTF-8 / %u escapes: the router itself refuses these URLs (400) before any route runs.
    const malformed = new Set([
      '/resources/photos/..%c0%af..%c0%afsecret.txt',
      '/resources/photos/%c0%ae%c0%ae/secret.txt',
      '/resources/photos/%u002e%u002e/secret.txt',
    ]);

    it('has a corpus of at least 30 attack paths', () => {
      expect(corpus.length).toBeGreaterThanOrEqual(30);
    });

    it.each(corpus.map((p) => [typeof p === 'string' ? p : p.toString(), p] as const))(
      'answers 404 without the secret: %s',
      async (_label, entry) => {
        const path = typeof entry === 'string' ? entry : entry();
        for (const headers of [AUTH, {}]) {
          const res = await rawRequest(hub.url, path, { headers });
          expect(res.body.toString('latin1')).not.toContain(SECRET);
          // Without credentials a private mount refuses first; with them, nothing is found.
          const refused = malformed.has(path) ? [400] : headers === AUTH ? [404] : [404, 412];
          expect(refused, `${path} answered ${res.status}`).toContain(res.status);
        }
      },
    );

    it('never lists the outside directory through a symlink', async () => {
      const res = await rawRequest(hub.url, '/resources/photos/escape-dir/', { headers: AUTH });
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain('secret.txt');
    });
  });
});

describe('GET /resources with Basic credentials', () => {
  let hub: TestHub;
  beforeAll(async () => {
    const dir = makeTempDir('hub-resources-basic-');
    mkdirSync(join(dir, 'private'));
    writeFileSync(join(dir, 'private/hello.txt'), HELLO);
    hub = await bootHub({ dir, config: 'backend.http:\n  resource_dirs:\n    private: ./private\n' });
    await register(hub);
  });
  afterAll(() => hub.stop());

  it('counts each wrong password once against the login limiter (5 allowed)', async () => {
    for (let i = 0; i < 4; i++) {
      const res = await hub.fetch('/resources/private/hello.txt', {
        headers: basic(ADMIN.username, 'wrong'),
      });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('hello from');
    }
    // Counted twice per request, four failures would already have locked the account out.
    const ok = await hub.fetch('/resources/private/hello.txt', {
      headers: basic(ADMIN.username, ADMIN.password),
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(HELLO);
  });

  it('answers 429 with Retry-After once the limiter has locked the username out', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await hub.fetch('/resources/private/hello.txt', { headers: basic('intruder', 'wrong') });
      statuses.push(res.status);
      retryAfter = res.headers.get('retry-after');
      expect(await res.text()).not.toContain('hello from');
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
