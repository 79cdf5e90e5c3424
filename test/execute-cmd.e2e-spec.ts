import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ACTION_DISPATCHER, type ActionDispatcher } from '@hub/plugins';

import { bearer, issueToken, register } from './support/auth-client';
import { collectEvents, nextEvent } from './support/bus-events';
import { AS_OWNER, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, jsonInit, type TestHub } from './support/test-hub';

describe('simple command protocol', () => {
  let hub: TestHub;
  const removers: Array<() => void> = [];

  beforeAll(async () => {
    hub = await bootHub({ config: TOKEN_CONFIG });
    const dispatcher = hub.app.get<ActionDispatcher>(ACTION_DISPATCHER);
    removers.push(
      dispatcher.registerDynamic('test.text', { run: async () => 'plain words' }),
      dispatcher.registerDynamic('test.fail', { run: () => Promise.reject(new Error('sensor offline')) }),
    );
  });
  afterAll(async () => {
    for (const remove of removers) remove();
    await hub?.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = AS_OWNER) =>
    hub.fetch(
      path,
      typeof body === 'string'
        ? { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }
        : jsonInit(body, headers),
    );

  describe('POST /cmd', () => {
    it('runs the action and answers its output as JSON', async () => {
      await post('/cmd', { name: 'variable.set', payload: { room: 'kitchen' } });
      const res = await post('/cmd', { name: 'variable.get', payload: { name: 'room' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ room: 'kitchen' });
    });

    it('answers a string output as a JSON string', async () => {
      const res = await post('/cmd', { name: 'test.text' });
      expect(res.status).toBe(200);
      expect(await res.json()).toBe('plain words');
    });

    it.each([
      ['invalid JSON', '{"name": '],
      ['a missing name', { payload: {} }],
      ['a payload that is not an object', { name: 'util.sleep', payload: [1] }],
    ])('answers 400 for %s', async (_what, body) => {
      const res = await post('/cmd', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0);
    });

    it('answers 400 for arguments the action refuses', async () => {
      const res = await post('/cmd', { name: 'util.sleep', payload: { seconds: 'soon' } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/seconds/);
    });

    it('answers 404 for an unknown action', async () => {
      const res = await post('/cmd', { name: 'garage.open' });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toBe("Unknown action 'garage.open'");
    });

    it('answers 502 with the message when the action fails', async () => {
      const res = await post('/cmd', { name: 'test.fail' });
      expect(res.status).toBe(502);
      expect(((await res.json()) as { message: string }).message).toBe('sensor offline');
    });

    it('times out after 5 s by default', async () => {
      const started = Date.now();
      const res = await post('/cmd', { name: 'util.sleep', payload: { seconds: 30 } });
      expect(res.status).toBe(504);
      expect(((await res.json()) as { message: string }).message).toBe(
        "Action 'util.sleep' timed out after 5 s",
      );
      expect(Date.now() - started).toBeLessThan(8000);
    }, 15_000);

    it('takes a shorter timeout from the body', async () => {
      const res = await post('/cmd', { name: 'util.sleep', payload: { seconds: 30 }, timeout: 0.2 });
      expect(res.status).toBe(504);
    });
  });

  describe('POST /data', () => {
    it('posts CustomEvent {subtype: name, ...payload} and answers 200 with an empty body', async () => {
      const posted = nextEvent(hub, 'CustomEvent', (e) => e.args.subtype === 'doorbell');
      const res = await post('/data', { name: 'doorbell', payload: { pressed: true, floor: 2 } });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      const event = await posted;
      expect(event.args).toEqual({ type: 'CustomEvent', subtype: 'doorbell', pressed: true, floor: 2 });
    });

    it('keeps the name as subtype even when the payload carries one', async () => {
      const posted = nextEvent(hub, 'CustomEvent', (e) => e.args.subtype === 'real');
      await post('/data', { name: 'real', payload: { subtype: 'fake' } });
      expect((await posted).args.subtype).toBe('real');
    });

    it.each([
      ['invalid JSON', '{oops'],
      ['a missing name', { payload: { a: 1 } }],
      ['an empty name', { name: '', payload: {} }],
    ])('answers 400 for %s and posts nothing', async (_what, body) => {
      const seen = collectEvents(hub, 'CustomEvent');
      const res = await post('/data', body);
      seen.stop();
      expect(res.status).toBe(400);
      expect(seen.events).toHaveLength(0);
    });

    it('needs credentials', async () => {
      const res = await post('/data', { name: 'x' }, {});
      expect(res.status).toBe(412);
    });

    it('refuses tokens whose scopes do not allow event.post', async () => {
      await register(hub);
      const vars = (await issueToken(hub, { scopes: ['variable.*'] })).token;
      const events = (await issueToken(hub, { scopes: ['event.*'] })).token;
      expect((await post('/data', { name: 'x' }, bearer(vars))).status).toBe(403);
      expect((await post('/data', { name: 'x' }, bearer(events))).status).toBe(200);
      expect(
        (await post('/cmd', { name: 'event.post', payload: { subtype: 'y' } }, bearer(vars))).status,
      ).toBe(403);
    });
  });
});
