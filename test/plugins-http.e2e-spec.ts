import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { execute, run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

interface HttpOutput {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A local server the plugin talks to: echoes requests, serves text, big and slow answers. */
function startTarget(): Promise<{ server: Server; url: string }> {
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/text')
        return void res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
      if (url.pathname === '/big') return void res.writeHead(200).end('x'.repeat(5000));
      if (url.pathname === '/slow') return void setTimeout(() => res.end('late'), 3000);
      if (url.pathname === '/missing')
        return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"nope"}');
      res.writeHead(200, { 'content-type': 'application/json', 'x-served-by': 'target' });
      res.end(
        JSON.stringify({
          method: req.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          contentType: req.headers['content-type'] ?? null,
          auth: req.headers.authorization ?? null,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe('http plugin', () => {
  let hub: TestHub;
  let target: { server: Server; url: string };

  beforeAll(async () => {
    target = await startTarget();
    // The target listens on loopback, which the outbound policy refuses unless listed.
    hub = await bootHub({
      config: `${TOKEN_CONFIG}http:\n  max_response_bytes: 1000\n  allowed_ranges: [127.0.0.1]\n`,
    });
  });
  afterAll(async () => {
    await hub?.stop();
    target.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
  });

  it('GETs a URL with query parameters and headers, parsing a JSON reply', async () => {
    const out = (await run(hub, 'http.get', {
      url: `${target.url}/things`,
      params: { room: 'hall', n: 2 },
      headers: { authorization: 'Bearer abc' },
    })) as HttpOutput;
    expect(out.status).toBe(200);
    expect(out.headers['x-served-by']).toBe('target');
    expect(out.body).toMatchObject({
      method: 'GET',
      path: '/things',
      query: { room: 'hall', n: '2' },
      auth: 'Bearer abc',
    });
  });

  it('POSTs JSON', async () => {
    const out = (await run(hub, 'http.post', { url: `${target.url}/in`, json: { on: true } })) as HttpOutput;
    expect(out.body).toMatchObject({ method: 'POST', contentType: 'application/json', body: '{"on":true}' });
  });

  it('sends any method with a raw body through http.request', async () => {
    const out = (await run(hub, 'http.request', {
      method: 'PUT',
      url: `${target.url}/raw`,
      body: 'a=1',
      headers: { 'content-type': 'text/plain' },
    })) as HttpOutput;
    expect(out.body).toMatchObject({ method: 'PUT', body: 'a=1', contentType: 'text/plain' });
  });

  it('returns text replies as text', async () => {
    const out = (await run(hub, 'http.get', { url: `${target.url}/text` })) as HttpOutput;
    expect(out.body).toBe('hello');
  });

  it('returns error statuses as data, not as failures', async () => {
    const out = (await run(hub, 'http.get', { url: `${target.url}/missing` })) as HttpOutput;
    expect(out).toMatchObject({ status: 404, body: { error: 'nope' } });
  });

  it('fails (502) on a reply over the size cap', async () => {
    const { status, body } = await execute(hub, { action: 'http.get', args: { url: `${target.url}/big` } });
    expect(status).toBe(502);
    expect(body.response.errors[0]).toMatch(/larger than 1000 bytes/);
  });

  it('gives up after the request timeout (504)', async () => {
    const started = Date.now();
    const { status, body } = await execute(hub, {
      action: 'http.get',
      args: { url: `${target.url}/slow`, timeout: 0.3 },
    });
    expect(status).toBe(504);
    expect(body.response.errors[0]).toMatch(/no answer within 0.3 s/);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('fails (502) when nothing listens', async () => {
    const closed = await startTarget();
    await new Promise((resolve) => closed.server.close(resolve));
    const { status, body } = await execute(hub, { action: 'http.get', args: { url: `${closed.url}/` } });
    expect(status).toBe(502);
    expect(body.response.errors[0]).toMatch(/request failed \(ECONNREFUSED\)/);
  });

  it.each([
    ['no url', {}],
    ['a file:// URL', { url: 'file:///etc/passwd' }],
    ['both json and body', { url: 'http://127.0.0.1:1/', json: {}, body: 'x' }],
    ['a bad method', { url: 'http://127.0.0.1:1/', method: 'BREW' }],
  ])('answers 400 for %s', async (_what, args) => {
    expect((await execute(hub, { action: 'http.request', args })).status).toBe(400);
  });
});
