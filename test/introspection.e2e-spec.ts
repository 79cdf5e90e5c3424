import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { AS_OWNER, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

interface PluginInfo {
  name: string;
  enabled: boolean;
  doc: string;
  config: unknown;
  actions: Array<{
    name: string;
    action: string;
    doc: string;
    args: Record<string, unknown>;
    returns: unknown;
  }>;
}

describe('/api/v1 introspection', () => {
  let hub: TestHub;
  const get = (path: string, headers: Record<string, string> = AS_OWNER) => hub.fetch(path, { headers });

  beforeAll(async () => {
    hub = await bootHub({ config: `${TOKEN_CONFIG}shell:\n  enabled: true\n` });
  });
  afterAll(() => hub?.stop());

  it('GET /api/v1/version answers the package version', async () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../package.json'), 'utf8')) as {
      version: string;
    };
    const res = await get('/api/v1/version');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: pkg.version });
  });

  it('GET /api/v1/plugins lists every plugin with each action’s JSON Schemas', async () => {
    const plugins = (await (await get('/api/v1/plugins')).json()) as PluginInfo[];
    const names = plugins.map((p) => p.name);
    expect(names).toEqual([...names].sort());
    for (const expected of [
      'event',
      'file',
      'http',
      'inspect',
      'logger',
      'shell',
      'tts',
      'util',
      'variable',
    ]) {
      expect(names).toContain(expected);
    }
    const util = plugins.find((p) => p.name === 'util')!;
    expect(util.actions).toEqual([
      expect.objectContaining({
        name: 'sleep',
        action: 'util.sleep',
        args: expect.objectContaining({
          type: 'object',
          properties: { seconds: expect.objectContaining({ type: 'number', minimum: 0 }) },
          required: ['seconds'],
        }),
      }),
    ]);
    for (const plugin of plugins) {
      expect(plugin.doc.length).toBeGreaterThan(0);
      for (const action of plugin.actions) {
        expect(action.doc.length, action.action).toBeGreaterThan(0);
        expect(action.args, action.action).toBeTypeOf('object');
        expect(action.returns, action.action).toBeTypeOf('object');
      }
    }
  });

  it('reports which plugins are enabled and their config schema', async () => {
    const shell = (await (await get('/api/v1/plugins/shell')).json()) as PluginInfo;
    expect(shell.enabled).toBe(true);
    expect(shell.config).toMatchObject({
      type: 'object',
      properties: { max_output_bytes: expect.any(Object) },
    });
    expect(shell.actions.map((a) => a.name)).toEqual(['exec', 'list', 'start', 'stop', 'write']);
  });

  it('GET /api/v1/plugins/:name answers 404 for an unknown plugin', async () => {
    const res = await get('/api/v1/plugins/light.hue');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toBe("Unknown plugin 'light.hue'");
  });

  it('GET /api/v1/events/types lists event types with their field schemas', async () => {
    const types = (await (await get('/api/v1/events/types')).json()) as Array<{
      type: string;
      fields: { properties?: Record<string, unknown> };
    }>;
    const byName = new Map(types.map((t) => [t.type, t]));
    for (const name of ['CustomEvent', 'WebhookEvent', 'VariableChangedEvent', 'ProcessOutputEvent']) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(Object.keys(byName.get('VariableChangedEvent')!.fields.properties!)).toEqual([
      'name',
      'value',
      'old_value',
    ]);
  });

  it('GET /api/v1/openapi.json describes the routes, with per-action bodies for /execute', async () => {
    const res = await get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            summary: string;
            security?: unknown[];
            requestBody?: { content: Record<string, { schema: { oneOf: unknown[] } }> };
          }
        >
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/execute',
      '/cmd',
      '/data',
      '/api/v1/version',
      '/api/v1/plugins/{name}',
      '/healthz',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    const variants = doc.paths['/execute'].post.requestBody!.content['application/json'].schema
      .oneOf as Array<{
      title: string;
      properties: { args: unknown };
    }>;
    const sleep = variants.find((v) => v.title === 'util.sleep')!;
    expect(sleep.properties.args).toMatchObject({ required: ['seconds'] });
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) expect(op.summary.length).toBeGreaterThan(0);
    }
  });

  it('GET /api/docs serves a self-contained page that loads the OpenAPI document', async () => {
    const res = await get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('/api/v1/openapi.json');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/);
  });

  it('answers unknown /api/v1 endpoints with the platypush 404 body', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/nothing'],
      ['POST', '/api/v1/plugins/util/extra'],
      ['DELETE', '/api/v1/a/b/c'],
    ]) {
      const res = await hub.fetch(`${path}?x=1`, { method, headers: AS_OWNER });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: `Endpoint '${path}' not found` });
    }
  });

  it('needs credentials for every introspection route', async () => {
    for (const path of ['/api/v1/version', '/api/v1/plugins', '/api/v1/openapi.json', '/api/v1/nothing']) {
      const res = await get(path, {});
      expect(res.status, path).toBe(412);
    }
    const docs = await hub.fetch('/api/docs', { redirect: 'manual' });
    expect(docs.status).toBe(307);
  });
});
