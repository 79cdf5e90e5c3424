import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { EventBus } from '@hub/events';
import { EVENT_BUS } from '@hub/events';
import type { HubEvent } from '@hub/messages';

import { asSession, register, type Session } from './support/auth-client';
import { bootHub, type TestHub } from './support/test-hub';
import { waitFor } from './support/wait-for';

const TOKEN = 'upload-test-token';
const AUTH = { 'x-token': TOKEN };
const MAX_FILE = 256 * 1024;
const MAX_REQUEST = 400 * 1024;

interface Uploaded {
  name: string;
  path: string;
  url: string;
  size: number;
  mime: string;
}

function formWith(...files: Array<[filename: string, content: Buffer | string, type?: string]>): FormData {
  const form = new FormData();
  form.append('note', 'a plain field, ignored');
  for (const [filename, content, type] of files) {
    form.append('file', new Blob([content], { type: type ?? '' }), filename);
  }
  return form;
}

describe('POST /upload', () => {
  let hub: TestHub;
  let uploads: string;
  let events: HubEvent[] = [];
  let session: Session;

  const upload = (body: FormData | string, headers: Record<string, string> = AUTH) =>
    hub.fetch('/upload', { method: 'POST', headers, body });
  const storedNames = () => readdirSync(uploads).sort();

  beforeAll(async () => {
    hub = await bootHub({
      config: [
        `token: ${TOKEN}`,
        'backend.http:',
        '  uploads:',
        `    max_file_size: ${MAX_FILE}`,
        `    max_request_size: ${MAX_REQUEST}`,
        '    allowed_types: [image/*, text/plain, application/octet-stream]',
      ].join('\n'),
    });
    uploads = hub.config.http.upload_dir;
    hub.app.get<EventBus>(EVENT_BUS).subscribe((event) => {
      if (event.args.type === 'FileUploadedEvent') events.push(event);
    });
    session = await register(hub);
  });
  afterAll(() => hub.stop());
  beforeEach(() => {
    events = [];
  });

  it('stores a file and answers {name, path, url, size, mime}', async () => {
    const content = randomBytes(1000);
    const res = await upload(formWith(['holiday.png', content, 'image/png']));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Uploaded;
    expect(body).toEqual({
      name: 'holiday.png',
      path: join(uploads, 'holiday.png'),
      url: '/resources/uploads/holiday.png',
      size: 1000,
      mime: 'image/png',
    });
    expect(readFileSync(body.path).equals(content)).toBe(true);
    const served = await hub.fetch(body.url, { headers: AUTH });
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(content)).toBe(true);
  });

  it('posts a FileUploadedEvent per stored file', async () => {
    const res = await upload(formWith(['event.txt', 'hello', 'text/plain']));
    const body = (await res.json()) as Uploaded;
    expect(events).toHaveLength(1);
    expect(events[0].args).toEqual({ type: 'FileUploadedEvent', ...body });
  });

  it('never overwrites: the same name again gets a numbered name', async () => {
    const first = (await (await upload(formWith(['same.txt', 'first', 'text/plain']))).json()) as Uploaded;
    const second = (await (await upload(formWith(['same.txt', 'second', 'text/plain']))).json()) as Uploaded;
    expect(first.name).toBe('same.txt');
    expect(second.name).toBe('same-1.txt');
    expect(readFileSync(join(uploads, 'same.txt'), 'utf8')).toBe('first');
    expect(readFileSync(join(uploads, 'same-1.txt'), 'utf8')).toBe('second');
  });

  it('answers an array for several files, in order', async () => {
    const res = await upload(formWith(['one.txt', '1', 'text/plain'], ['two.png', '22', 'image/png']));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Uploaded[];
    expect(body.map((f) => [f.name, f.size, f.mime])).toEqual([
      ['one.txt', 1, 'text/plain'],
      ['two.png', 2, 'image/png'],
    ]);
    expect(events.map((e) => (e.args as unknown as Uploaded).name)).toEqual(['one.txt', 'two.png']);
  });

  it('keeps only a safe last component of hostile names, inside the upload directory', async () => {
    const hostile = [
      '../../escaped.txt',
      '..\\..\\win.txt',
      '/etc/passwd.txt',
      '.bashrc',
      'a/b/c.txt',
      '  ..  ',
    ];
    const res = await upload(
      formWith(...hostile.map((n) => [n, 'x', 'text/plain'] as [string, string, string])),
    );
    expect(res.status).toBe(201);
    const names = ((await res.json()) as Uploaded[]).map((f) => f.name);
    expect(names).toEqual(['escaped.txt', 'win.txt', 'passwd.txt', 'bashrc.txt', 'c.txt', 'upload.txt']);
    for (const name of names) expect(existsSync(join(uploads, name))).toBe(true);
    expect(existsSync(join(hub.dir, 'escaped.txt'))).toBe(false);
    expect(existsSync(join(uploads, '..', 'escaped.txt'))).toBe(false);
  });

  it('names a nameless blob from its declared type', async () => {
    const res = await upload(formWith(['blob', 'GIF89a', 'image/gif']));
    expect(((await res.json()) as Uploaded).name).toBe('blob.gif');
  });

  it('refuses a file over max_file_size with 413 and keeps nothing', async () => {
    const before = storedNames();
    const res = await upload(formWith(['big.bin', randomBytes(MAX_FILE + 1), 'application/octet-stream']));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/file limit/);
    expect(storedNames()).toEqual(before);
    expect(events).toHaveLength(0);
  });

  it('accepts a file of exactly max_file_size', async () => {
    const res = await upload(formWith(['exact.bin', randomBytes(MAX_FILE), 'application/octet-stream']));
    expect(res.status).toBe(201);
    expect(((await res.json()) as Uploaded).size).toBe(MAX_FILE);
  });

  it('refuses a request over max_request_size with 413 and removes the files already stored', async () => {
    const before = storedNames();
    const part = randomBytes(MAX_FILE - 10);
    const res = await upload(
      formWith(['p1.bin', part, 'application/octet-stream'], ['p2.bin', part, 'application/octet-stream']),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/request limit/);
    expect(storedNames()).toEqual(before);
    expect(events).toHaveLength(0);
  });

  it('refuses a disallowed type with 415 and keeps nothing', async () => {
    const before = storedNames();
    const res = await upload(
      formWith(['ok.txt', 'fine', 'text/plain'], ['page.html', '<script>', 'text/html']),
    );
    expect(res.status).toBe(415);
    expect(((await res.json()) as { message: string }).message).toContain('text/html');
    expect(storedNames()).toEqual(before);
  });

  it('refuses a body that is not multipart with 415, and a form without a file with 400', async () => {
    const json = await hub.fetch('/upload', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.append('only', 'a field');
    const empty = await upload(form);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { message: string }).message).toMatch(/No file/);
  });

  it('answers a malformed multipart body with 400 and keeps nothing', async () => {
    const before = storedNames();
    const cases: Array<[string, string]> = [
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="f"; filename="cut.txt"\r\n\r\nabc',
      ],
      ['multipart/form-data; boundary=x', 'not multipart at all'],
      ['multipart/form-data', '--x\r\n'],
    ];
    for (const [type, body] of cases) {
      const res = await hub.fetch('/upload', {
        method: 'POST',
        headers: { ...AUTH, 'content-type': type },
        body,
      });
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/Malformed multipart body/);
    }
    expect(storedNames()).toEqual(before);
  });

  it('requires authentication', async () => {
    const before = storedNames();
    const res = await upload(formWith(['anon.txt', 'x', 'text/plain']), {});
    expect(res.status).toBe(401);
    expect(storedNames()).toEqual(before);
  });

  it('takes a session cookie only with the CSRF token', async () => {
    const without = await upload(formWith(['csrf.txt', 'x', 'text/plain']), { cookie: session.cookie });
    expect(without.status).toBe(403);
    const withToken = await upload(formWith(['csrf.txt', 'x', 'text/plain']), asSession(session));
    expect(withToken.status).toBe(201);
  });

  it('removes the partial file when the client goes away mid-body', async () => {
    const before = storedNames();
    const boundary = 'hubtestboundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="aborted.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const url = new URL(hub.url);
    const req = request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: '/upload',
      headers: {
        ...AUTH,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        // Within the limits: the body is simply never finished.
        'content-length': String(MAX_FILE),
      },
    });
    req.on('error', () => undefined); // the abort below is the point
    let partial: string;
    try {
      req.write(head);
      req.write(randomBytes(64 * 1024));
      // The server has started writing the upload: a hidden temporary file with bytes in it.
      partial = await waitFor(
        () => readdirSync(uploads).find((n) => n.startsWith('.upload-') && n.endsWith('.part')),
        { what: 'the temporary upload file' },
      );
      await waitFor(() => readFileSync(join(uploads, partial)).length > 0, {
        what: 'bytes in the temporary file',
      });
    } finally {
      req.destroy();
    }
    await waitFor(() => !existsSync(join(uploads, partial)), { what: 'the partial file to be removed' });
    expect(storedNames()).toEqual(before);
    expect(events).toHaveLength(0);
    // The hub is fine afterwards.
    expect((await upload(formWith(['after.txt', 'ok', 'text/plain']))).status).toBe(201);
  });

  it('refuses a declared Content-Length over max_request_size before reading the body', async () => {
    const url = new URL(hub.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/upload',
          headers: {
            ...AUTH,
            'content-type': 'multipart/form-data; boundary=x',
            'content-length': String(MAX_REQUEST + 1),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write('--x\r\n'); // headers only: the answer must not wait for the body
    });
    expect(status).toBe(413);
  });
});
