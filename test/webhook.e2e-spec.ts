import { createHmac } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collectEvents } from './support/bus-events';
import { run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

const CONFIG = `${TOKEN_CONFIG}
automation:
  hook_timeout_seconds: 1

event.hook.GithubPush:
  if: {type: WebhookEvent, hook: github}
  webhook:
    methods: [POST]
    hmac: {secrets: [old-secret, new-secret], format: github}
  then:
    - action: variable.set
      args: {last_push: '\${data.ref}'}
    - response: {status: 201, headers: {x-hooked: yes}, body: {received: '\${data.ref}'}}

event.hook.Stamped:
  if: {type: platypush.message.event.http.hook.WebhookEvent, hook: stamped}
  webhook:
    hmac: {secrets: [stamp-secret], format: timestamped, window_seconds: 60}
  then:
    - action: variable.set
      args: {stamped: '\${data.n}'}
    - response: {ok: true}

event.hook.Guarded:
  if: {type: WebhookEvent, hook: guarded}
  webhook:
    secret_header: {name: X-Hook-Key, value: header-key}
    secret_query: {name: key, value: query-key}
  then:
    - response: '\${args.q}'

event.hook.Silent:
  if: {type: WebhookEvent, hook: silent}
  then:
    - action: variable.set
      args: {silent: '\${method}'}

event.hook.Broken:
  if: {type: WebhookEvent, hook: broken}
  then:
    - action: util.no_such_action

event.hook.Echo:
  if: {type: WebhookEvent, hook: echo}
  then:
    - response: {body: {data: '\${data}', type: '\${headers["content-type"]}', args: '\${args}'}}
`;

const sign = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('hex');

describe('/hook/:name', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({ config: CONFIG });
  });
  afterAll(() => hub.stop());

  const variable = async (name: string) =>
    ((await run(hub, 'variable.get', { name })) as Record<string, unknown>)[name];

  describe('GitHub-style HMAC signatures', () => {
    // Deliberately odd spacing: the signature is over the raw bytes, not re-serialised JSON.
    const body = '{"ref":  "refs/heads/main", "n": 1}';

    it('accepts a delivery signed with any of the rotated secrets and answers with the hook response', async () => {
      for (const secret of ['old-secret', 'new-secret']) {
        const res = await hub.fetch('/hook/github', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': `sha256=${sign(secret, body)}`,
          },
          body,
        });
        expect(res.status).toBe(201);
        expect(res.headers.get('x-hooked')).toBe('yes');
        expect(await res.json()).toEqual({ received: 'refs/heads/main' });
      }
      expect(await variable('last_push')).toBe('refs/heads/main');
    });

    it('refuses a bad signature with 401 before any hook runs or any event is posted', async () => {
      await run(hub, 'variable.set', { last_push: 'untouched' });
      const posted = collectEvents(hub, 'WebhookEvent');
      const tampered = body.replace('main', 'evil');
      for (const signature of [`sha256=${sign('old-secret', body)}`, 'sha256=00', '']) {
        const res = await hub.fetch('/hook/github', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body: tampered,
        });
        expect(res.status).toBe(401);
        expect(((await res.json()) as { error: string }).error).toBe('unauthorized');
      }
      posted.stop();
      expect(posted.events).toEqual([]);
      expect(await variable('last_push')).toBe('untouched');
    });

    it('answers 405 for a method the hook does not allow', async () => {
      const res = await hub.fetch('/hook/github');
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    });
  });

  describe('timestamped signatures', () => {
    const deliver = (t: number, data: string, secret = 'stamp-secret') =>
      hub.fetch('/hook/stamped', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature': `t=${t},v1=${sign(secret, `${t}.${data}`)}`,
        },
        body: data,
      });

    it('accepts a fresh signature; the plain value answer becomes a 200 JSON body', async () => {
      const res = await deliver(Math.floor(Date.now() / 1000), '{"n": 7}');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect(await variable('stamped')).toBe(7);
    });

    it('refuses an old timestamp (replay) and a wrong secret with 401, running nothing', async () => {
      const posted = collectEvents(hub, 'WebhookEvent');
      expect((await deliver(Math.floor(Date.now() / 1000) - 3600, '{"n": 8}')).status).toBe(401);
      expect((await deliver(Math.floor(Date.now() / 1000), '{"n": 9}', 'wrong')).status).toBe(401);
      posted.stop();
      expect(posted.events).toEqual([]);
      expect(await variable('stamped')).toBe(7);
    });
  });

  it('checks secret headers and query tokens, and keeps them out of the event', async () => {
    expect((await hub.fetch('/hook/guarded?key=query-key&q=hi')).status).toBe(401);
    expect((await hub.fetch('/hook/guarded?q=hi', { headers: { 'x-hook-key': 'header-key' } })).status).toBe(
      401,
    );
    const posted = collectEvents(hub, 'WebhookEvent');
    const res = await hub.fetch('/hook/guarded?key=query-key&q=hi', {
      headers: { 'x-hook-key': 'header-key' },
    });
    posted.stop();
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hi');
    expect(posted.events).toHaveLength(1);
    const args = posted.events[0].args as { args: Record<string, unknown>; headers: Record<string, string> };
    expect(args.args).toEqual({ q: 'hi' });
    expect(args.headers['x-hook-key']).toBeUndefined();
  });

  it('answers 404 for a name no hook declares, posting nothing', async () => {
    const posted = collectEvents(hub, 'WebhookEvent');
    const res = await hub.fetch('/hook/undeclared', { method: 'POST', body: '{}' });
    posted.stop();
    expect(res.status).toBe(404);
    expect(posted.events).toEqual([]);
  });

  it('answers 202 when no hook answers, after the hook ran', async () => {
    const res = await hub.fetch('/hook/silent', { method: 'PATCH' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted' });
    expect(await variable('silent')).toBe('PATCH');
  });

  it('answers a generic 500 when a hook throws, and still logs the event', async () => {
    const posted = collectEvents(hub, 'WebhookEvent');
    const res = await hub.fetch('/hook/broken', { method: 'DELETE' });
    posted.stop();
    expect(res.status).toBe(500);
    const body = (await res.json()) as { message: string };
    expect(body.message).toBe('The hook failed');
    expect(JSON.stringify(body)).not.toMatch(/no_such_action|at .*\.js/);
    expect(posted.events.map((e) => (e.args as { method: string }).method)).toEqual(['DELETE']);
  });

  it('passes any content type through as text and JSON as data', async () => {
    const xml = await hub.fetch('/hook/echo?a=1', {
      method: 'PUT',
      headers: { 'content-type': 'text/xml' },
      body: '<a/>',
    });
    expect(xml.status).toBe(200);
    expect(await xml.json()).toEqual({ data: '<a/>', type: 'text/xml', args: { a: '1' } });
    const bad = await hub.fetch('/hook/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
  });

  it('treats caller payloads as data: nothing evaluated, nothing polluted', async () => {
    const hostile =
      '{"x": "${constants}", "y": "${__proto__}", "__proto__": {"polluted": "yes"},' +
      ' "constructor": {"prototype": {"polluted": "yes"}}, "nested": {"z": "${1+1}"}}';
    const res = await hub.fetch('/hook/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: hostile,
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data.x).toBe('${constants}');
    expect(data.y).toBe('${__proto__}');
    expect(data.nested).toEqual({ z: '${1+1}' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps other routes strict about content types', async () => {
    const res = await hub.fetch('/execute', {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<a/>',
    });
    expect(res.status).toBe(415);
  });
});
