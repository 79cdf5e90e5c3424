import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';

import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { rawRequest } from './support/raw-http';
import { bootHub, makeTempDir, runBuiltHub, type TestHub, writeConfigDir } from './support/test-hub';
import { makeSelfSignedCert } from './support/tls-cert';

const TOKEN = 'tls-test-token';

describe('TLS (backend.http.ssl_cert / ssl_key)', () => {
  let hub: TestHub;
  let pem: string;

  beforeAll(async () => {
    const dir = makeTempDir('hub-tls-');
    const cert = makeSelfSignedCert(dir);
    pem = cert.pem;
    writeFileSync(join(dir, 'photo.txt'), 'over tls');
    hub = await bootHub({
      dir,
      config: [
        `token: ${TOKEN}`,
        'backend.http:',
        `  ssl_cert: ${cert.cert}`,
        '  ssl_key: ./key.pem',
        `  ssl_cafile: ${cert.cert}`,
        '  resource_dirs:',
        `    here: ${dir}`,
      ].join('\n'),
    });
  });
  afterAll(() => hub.stop());

  it('serves HTTPS with the configured certificate', async () => {
    expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await rawRequest(hub.url, '/healthz', { ca: pem });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ status: 'ok' });
    const file = await rawRequest(hub.url, '/resources/here/photo.txt', {
      ca: pem,
      headers: { 'x-token': TOKEN },
    });
    expect(file.body.toString()).toBe('over tls');
  });

  it('refuses a client that does not trust the certificate', async () => {
    await expect(rawRequest(hub.url, '/healthz')).rejects.toThrow(/self.signed|certificate/i);
  });

  it('does not answer plain HTTP on the TLS port', async () => {
    const url = new URL(hub.url);
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: '/healthz', agent: false },
        (res) => {
          res.resume();
          resolve(`status ${res.statusCode}`);
        },
      );
      req.on('error', () => resolve('refused'));
      req.end();
    });
    expect(outcome).toBe('refused');
  });

  it('marks the session cookie Secure', async () => {
    const res = await rawRequest(hub.url, '/register', {
      ca: pem,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'tls-owner',
        password: 'a long secret',
        confirm_password: 'a long secret',
      }),
    });
    expect(res.status).toBe(201);
    const cookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('session_token='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });

  it('serves WSS (socket.io) on the same port', async () => {
    const socket = io(hub.url, {
      path: '/socket.io',
      auth: { token: TOKEN },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ca: pem,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const ack = await socket.timeout(5000).emitWithAck('subscribe', { types: ['CustomEvent'] });
      expect(ack).toEqual({ ok: true });
    } finally {
      socket.close();
    }
  });
});

describe('TLS misconfiguration (built process)', () => {
  it('fails the start with a clear message when the certificate is missing', async () => {
    const dir = makeTempDir('hub-tls-bad-');
    const config = writeConfigDir(dir, {
      config: 'backend.http:\n  ssl_cert: ./missing-cert.pem\n  ssl_key: ./missing-key.pem\n',
    });
    const { code, output } = await runBuiltHub(['--config', config], dir);
    expect(code).not.toBe(0);
    expect(output).toContain('backend.http.ssl_cert');
    expect(output).toContain(join(dir, 'missing-cert.pem'));
    expect(output).not.toContain('hub listening');
  });

  it('fails the start with a clear message when only one of cert and key is given', async () => {
    const dir = makeTempDir('hub-tls-half-');
    const cert = makeSelfSignedCert(dir);
    const config = writeConfigDir(dir, { config: `backend.http:\n  ssl_cert: ${cert.cert}\n` });
    const { code, output } = await runBuiltHub(['--config', config], dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/ssl_cert and ssl_key must be given together/);
  });

  it('fails the start when the certificate file is not a certificate', async () => {
    const dir = makeTempDir('hub-tls-garbage-');
    writeFileSync(join(dir, 'cert.pem'), 'not a certificate');
    writeFileSync(join(dir, 'key.pem'), 'not a key');
    const config = writeConfigDir(dir, {
      config: 'backend.http:\n  ssl_cert: ./cert.pem\n  ssl_key: ./key.pem\n',
    });
    const { code, output } = await runBuiltHub(['--config', config], dir);
    expect(code).not.toBe(0);
    expect(output).toMatch(/backend.http TLS files do not load \(ssl_cert .*cert.pem, ssl_key .*key.pem\)/);
    expect(output).not.toContain('hub listening');
  });
});
