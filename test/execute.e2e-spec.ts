import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACTION_DISPATCHER, type ActionDispatcher } from '@hub/plugins';

import { bearer, issueToken, register } from './support/auth-client';
import { AS_OWNER, execute, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

const HEX32 = /^[0-9a-f]{32}$/;

describe('POST /execute', () => {
  let hub: TestHub;
  let removeTestActions: Array<() => void> = [];

  beforeAll(async () => {
    hub = await bootHub({
      config: `${TOKEN_CONFIG}device_id: test-hub\nbackend.http:\n  body_limit: 4096\n`,
    });
    const dispatcher = hub.app.get<ActionDispatcher>(ACTION_DISPATCHER);
    removeTestActions = [
      dispatcher.registerDynamic('test.boom', {
        run: () => Promise.reject(new Error('the lamp is on fire')),
      }),
      dispatcher.registerDynamic('test.hang', {
        timeoutSeconds: 0.3,
        run: () => new Promise(() => undefined),
      }),
      dispatcher.registerDynamic('test.echo', { run: async (args) => ({ echoed: args }) }),
    ];
  });
  afterAll(async () => {
    for (const remove of removeTestActions) remove();
    await hub?.stop();
  });

  describe('success', () => {
    it('answers 200 with the Response envelope and no errors', async () => {
      const { status, body } = await execute(hub, { type: 'request', action: 'test.echo', args: { a: 1 } });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        type: 'response',
        target: 'http',
        origin: 'test-hub',
        response: { output: { echoed: { a: 1 } }, errors: [] },
      });
      expect(body.id).toMatch(HEX32);
      expect(body._timestamp).toBeGreaterThan(Date.now() / 1000 - 60);
    });

    it('echoes the client id', async () => {
      const { body } = await execute(hub, { action: 'util.sleep', args: { seconds: 0 }, id: 'my-req-7' });
      expect(body.id).toBe('my-req-7');
    });

    it('answers {"success": true} for an action that returns nothing', async () => {
      const { status, body } = await execute(hub, { action: 'util.sleep', args: { seconds: 0 } });
      expect(status).toBe(200);
      expect(body.response.output).toEqual({ success: true });
    });

    it("accepts the seed's curl body verbatim (leading whitespace, tts.say)", async () => {
      const seedBody = `
        {
          "type": "request",
          "action": "tts.say",
          "args": {
            "text": "This is a test"
          }
        }`;
      const { status, body } = await execute(hub, seedBody);
      expect(status).toBe(200);
      expect(body.response.errors).toEqual([]);
      expect(body.response.output).toMatchObject({
        url: expect.stringMatching(/^\/resources\/uploads\/tts-.*\.wav$/),
      });
    });
  });

  describe('bad requests (400, always the envelope)', () => {
    it.each([
      ['malformed JSON', '{"type": "request", "action": '],
      ['a JSON array', '[1, 2]'],
      ['a JSON string', '"util.sleep"'],
    ])('refuses %s', async (_what, raw) => {
      const { status, body } = await execute(hub, raw);
      expect(status).toBe(400);
      expect(body.type).toBe('response');
      expect(body.id).toMatch(HEX32);
      expect(body.response.output).toBeNull();
      expect(body.response.errors.length).toBeGreaterThan(0);
    });

    it('says the body is not JSON', async () => {
      const { body } = await execute(hub, '{nope');
      expect(body.response.errors[0]).toMatch(/not valid JSON/);
    });

    it('says the action is missing', async () => {
      const { status, body } = await execute(hub, { type: 'request', args: {}, id: 'no-action' });
      expect(status).toBe(400);
      expect(body.id).toBe('no-action');
      expect(body.response.errors).toEqual(['action: missing']);
    });

    it("says the type is not 'request'", async () => {
      const { status, body } = await execute(hub, { type: 'event', action: 'util.sleep' });
      expect(status).toBe(400);
      expect(body.response.errors[0]).toMatch(/type: expected 'request'/);
    });

    it('lists every failing argument by path', async () => {
      const { status, body } = await execute(hub, {
        action: 'http.request',
        args: { url: 'not a url', method: 'FETCH', headers: { 'x-a': 5 } },
      });
      expect(status).toBe(400);
      const errors = body.response.errors;
      expect(errors).toHaveLength(3);
      expect(errors.find((e) => e.startsWith('url:'))).toBeDefined();
      expect(errors.find((e) => e.startsWith('method:'))).toBeDefined();
      expect(errors.find((e) => e.startsWith('headers.x-a:'))).toBeDefined();
    });

    it('refuses unknown arguments instead of ignoring them', async () => {
      const { status, body } = await execute(hub, { action: 'util.sleep', args: { seconds: 0, sconds: 1 } });
      expect(status).toBe(400);
      expect(body.response.errors[0]).toMatch(/sconds/);
    });
  });

  describe('unknown action (404)', () => {
    it('names the unknown plugin action', async () => {
      const { status, body } = await execute(hub, { action: 'light.hue_on' });
      expect(status).toBe(404);
      expect(body.response.errors).toEqual(["Unknown action 'light.hue_on'"]);
    });

    it('names an unknown action of a known plugin', async () => {
      const { status, body } = await execute(hub, { action: 'variable.explode' });
      expect(status).toBe(404);
      expect(body.response.errors).toEqual(["Unknown action 'variable.explode'"]);
    });

    it('treats a disabled plugin as unknown, and says why', async () => {
      const { status, body } = await execute(hub, { action: 'shell.exec', args: { cmd: ['true'] } });
      expect(status).toBe(404);
      expect(body.response.errors[0]).toMatch(/^Unknown action 'shell.exec'.*disabled/);
    });
  });

  describe('action errors (502)', () => {
    it('answers the message only, never a stack', async () => {
      const { status, body } = await execute(hub, { action: 'test.boom' });
      expect(status).toBe(502);
      expect(body.response.errors).toEqual(['the lamp is on fire']);
      expect(JSON.stringify(body)).not.toMatch(/\.ts:\d+|at .*\(/);
    });
  });

  describe('timeouts (504)', () => {
    it("stops at the action's own timeout", async () => {
      const started = Date.now();
      const { status, body } = await execute(hub, { action: 'test.hang' });
      expect(status).toBe(504);
      expect(body.response.errors).toEqual(["Action 'test.hang' timed out after 0.3 s"]);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('lets a request lower the timeout', async () => {
      const { status, body } = await execute(hub, {
        action: 'util.sleep',
        args: { seconds: 20 },
        timeout: 0.2,
      });
      expect(status).toBe(504);
      expect(body.response.errors).toEqual(["Action 'util.sleep' timed out after 0.2 s"]);
    });

    it("never lets a request raise the action's timeout", async () => {
      const { status, body } = await execute(hub, { action: 'test.hang', timeout: 100 });
      expect(status).toBe(504);
      expect(body.response.errors).toEqual(["Action 'test.hang' timed out after 0.3 s"]);
    });

    it('refuses a timeout that is not a positive number', async () => {
      const { status, body } = await execute(hub, {
        action: 'util.sleep',
        args: { seconds: 0 },
        timeout: -1,
      });
      expect(status).toBe(400);
      expect(body.response.errors[0]).toMatch(/timeout/);
    });
  });

  describe('body limit (413)', () => {
    it('answers the envelope for a body over the limit', async () => {
      const big = { action: 'variable.set', args: { blob: 'x'.repeat(10_000) } };
      const { status, body } = await execute(hub, big);
      expect(status).toBe(413);
      expect(body.type).toBe('response');
      expect(body.response.errors).toEqual(['The request body is too large']);
      expect(
        (await execute(hub, { action: 'variable.get', args: { name: 'blob' } })).body.response.output,
      ).toEqual({
        blob: null,
      });
    });
  });

  describe('concurrency', () => {
    it('does not delay a fast action behind a slow one issued before it', async () => {
      const slow = execute(hub, { action: 'util.sleep', args: { seconds: 2 } });
      const started = Date.now();
      const fast = await execute(hub, { action: 'variable.list' });
      const fastMs = Date.now() - started;
      expect(fast.status).toBe(200);
      expect(fastMs).toBeLessThan(1000);
      const slowDone = await slow;
      expect(slowDone.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    });

    it('keeps serving while an action hangs until its timeout', async () => {
      const hanging = execute(hub, { action: 'test.hang' });
      const health = await hub.fetch('/healthz');
      expect(health.status).toBe(200);
      expect((await hanging).status).toBe(504);
    });
  });

  describe('authentication and scopes', () => {
    let scoped: string;
    let full: string;

    beforeAll(async () => {
      await register(hub);
      full = (await issueToken(hub, { name: 'full' })).token;
      scoped = (await issueToken(hub, { name: 'vars', scopes: ['variable.*', 'util.sleep'] })).token;
    });

    it('answers 401 without credentials, still as an envelope with the error fields', async () => {
      const { status, body } = await execute(hub, { action: 'util.sleep', args: { seconds: 0 } }, {});
      expect(status).toBe(401);
      expect(body.type).toBe('response');
      expect(body).toMatchObject({ code: 401, error: 'unauthorized' });
    });

    it('runs actions with a Bearer JWT', async () => {
      const { status, body } = await execute(
        hub,
        { action: 'variable.set', args: { via: 'jwt' } },
        bearer(full),
      );
      expect(status).toBe(200);
      expect(body.response.output).toEqual({ success: true });
    });

    it('lets a scoped token run the actions its scopes allow', async () => {
      const vars = await execute(hub, { action: 'variable.get', args: { name: 'via' } }, bearer(scoped));
      expect(vars.status).toBe(200);
      expect(vars.body.response.output).toEqual({ via: 'jwt' });
      const sleep = await execute(hub, { action: 'util.sleep', args: { seconds: 0 } }, bearer(scoped));
      expect(sleep.status).toBe(200);
    });

    it('answers 403 for an action outside the scopes, before running it', async () => {
      const { status, body } = await execute(
        hub,
        { action: 'event.post', args: { subtype: 'nope' } },
        bearer(scoped),
      );
      expect(status).toBe(403);
      expect(body.response.errors[0]).toMatch(/not allowed to run 'event.post'/);
    });

    it('answers 403 (not 404) for unknown actions outside the scopes', async () => {
      const { status } = await execute(hub, { action: 'light.on' }, bearer(scoped));
      expect(status).toBe(403);
    });

    it('still runs everything with the global token', async () => {
      const { status } = await execute(hub, { action: 'event.post', args: { subtype: 'ok' } }, AS_OWNER);
      expect(status).toBe(200);
    });
  });
});
