import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { nextEvent } from './support/bus-events';
import { AS_OWNER, execute, run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

describe('util, inspect, logger and event plugins', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await bootHub({ config: TOKEN_CONFIG });
  });
  afterAll(() => hub?.stop());

  describe('util.sleep', () => {
    it('waits the given seconds', async () => {
      const started = Date.now();
      expect(await run(hub, 'util.sleep', { seconds: 0.3 })).toEqual({ success: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('refuses negative or missing seconds', async () => {
      expect((await execute(hub, { action: 'util.sleep', args: { seconds: -1 } })).status).toBe(400);
      expect((await execute(hub, { action: 'util.sleep', args: {} })).status).toBe(400);
    });
  });

  describe('inspect.get_all_plugins', () => {
    it('answers the same data as GET /api/v1/plugins', async () => {
      const output = await run(hub, 'inspect.get_all_plugins');
      const listed = await (await hub.fetch('/api/v1/plugins', { headers: AS_OWNER })).json();
      expect(output).toEqual(listed);
      const names = (output as Array<{ name: string }>).map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(['variable', 'shell', 'http', 'file', 'tts', 'util']));
    });

    it('refuses arguments', async () => {
      expect((await execute(hub, { action: 'inspect.get_all_plugins', args: { x: 1 } })).status).toBe(400);
    });
  });

  describe('logger', () => {
    it.each(['debug', 'info', 'warn', 'error'])('logs at %s level', async (level) => {
      expect(await run(hub, `logger.${level}`, { msg: `hello at ${level}`, room: 'hall' })).toEqual({
        success: true,
      });
    });

    it('needs a msg string', async () => {
      const { status, body } = await execute(hub, { action: 'logger.info', args: { message: 'x' } });
      expect(status).toBe(400);
      expect(body.response.errors[0]).toMatch(/^msg:/);
    });
  });

  describe('event.post', () => {
    it('posts CustomEvent {subtype, ...fields} and returns its id', async () => {
      const posted = nextEvent(hub, 'CustomEvent', (e) => e.args.subtype === 'movie_night');
      const output = (await run(hub, 'event.post', { subtype: 'movie_night', dim: 30 })) as { id: string };
      const event = await posted;
      expect(output.id).toBe(event.id);
      expect(event.args).toEqual({ type: 'CustomEvent', subtype: 'movie_night', dim: 30 });
    });

    it('needs a subtype and refuses to set the type', async () => {
      expect((await execute(hub, { action: 'event.post', args: { dim: 1 } })).status).toBe(400);
      const { status, body } = await execute(hub, {
        action: 'event.post',
        args: { subtype: 'x', type: 'WebhookEvent' },
      });
      expect(status).toBe(400);
      expect(body.response.errors[0]).toMatch(/^type:/);
    });
  });
});
