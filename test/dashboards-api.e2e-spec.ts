import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DashboardIssue, DashboardNode } from '@hub/dashboards';

import { PLATYPUSH_EXAMPLE } from './dashboards/platypush-example';
import { ADMIN, bearer, issueToken, json, register } from './support/auth-client';
import { nextEvent } from './support/bus-events';
import { AS_OWNER, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, type TestHub } from './support/test-hub';

interface View {
  name: string;
  xml: string;
  etag: string;
  errors: DashboardIssue[];
  tree: DashboardNode | null;
}

const xmlPut = (xml: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'PUT',
  headers: { 'content-type': 'application/xml', ...AS_OWNER, ...headers },
  body: xml,
});

describe('dashboards API', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await bootHub({
      config: TOKEN_CONFIG,
      files: {
        'dashboards/main.xml': PLATYPUSH_EXAMPLE,
        'dashboards/broken.xml': '<Dashboard>\n  <Row>\n    <Calendar>\n</Dashboard>\n',
        'dashboards/notes.txt': 'not a dashboard',
      },
    });
    await register(hub, ADMIN);
  });
  afterAll(() => hub?.stop());

  it('lists the XML files with their titles', async () => {
    const res = await hub.fetch('/api/v1/dashboards', { headers: AS_OWNER });
    expect(res.status).toBe(200);
    const list = (await res.json()) as Array<{ name: string; title: string; updated_at: string }>;
    expect(list.map((d) => [d.name, d.title])).toEqual([
      ['broken', 'broken'],
      ['main', 'main'],
    ]);
    expect(Date.parse(list[0].updated_at)).toBeGreaterThan(0);
  });

  it('serves the platypush example as a tree with positions, no errors, and an ETag', async () => {
    const res = await hub.fetch('/api/v1/dashboards/main', { headers: AS_OWNER });
    expect(res.status).toBe(200);
    const body = (await res.json()) as View;
    expect(res.headers.get('etag')).toBe(body.etag);
    expect(body.xml).toBe(PLATYPUSH_EXAMPLE);
    expect(body.errors).toEqual([]);
    expect(body.tree!.children.map((r) => r.children.map((w) => w.type))).toEqual([
      ['Calendar', 'Music', 'DateTimeWeather'],
      ['ImageCarousel', 'RssNews'],
    ]);
    expect(body.tree!.children[1].children[0]).toMatchObject({
      attrs: { class: 'col-6', 'img-dir': '/mnt/hd/photos/carousel' },
      line: 23,
      column: 9,
    });
  });

  it('serves a file that no longer parses with its error position and no tree', async () => {
    const body = (await (await hub.fetch('/api/v1/dashboards/broken', { headers: AS_OWNER })).json()) as View;
    expect(body.tree).toBeNull();
    expect(body.errors).toEqual([
      { message: '</Dashboard> does not close <Calendar> (opened at line 3, column 5)', line: 4, column: 1 },
    ]);
  });

  it('answers 404 for an unknown dashboard and 400 for a bad name', async () => {
    expect((await hub.fetch('/api/v1/dashboards/nope', { headers: AS_OWNER })).status).toBe(404);
    const bad = await hub.fetch('/api/v1/dashboards/a.b', { headers: AS_OWNER });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/Invalid dashboard name/);
  });

  it('publishes the widget catalogue with a JSON Schema per widget', async () => {
    const res = await hub.fetch('/api/v1/dashboards/widgets', { headers: AS_OWNER });
    const catalogue = (await res.json()) as Record<string, { attributes: unknown }>;
    expect(Object.keys(catalogue).length).toBeGreaterThanOrEqual(21);
    expect(catalogue.Button.attributes).toMatchObject({
      type: 'object',
      required: ['action'],
      properties: { args: { type: 'object' }, confirm: { type: 'string' } },
    });
  });

  it('creates with PUT (201, XML body), updates (200, JSON body) and announces each change once', async () => {
    const created = nextEvent(hub, 'DashboardChangedEvent', (e) => e.args.name === 'kitchen');
    const res = await hub.fetch(
      '/api/v1/dashboards/kitchen',
      xmlPut('<Dashboard title="Kitchen"><Row/></Dashboard>'),
    );
    expect(res.status).toBe(201);
    const first = (await res.json()) as { etag: string; status: string };
    expect(first.status).toBe('created');
    expect((await created).args).toMatchObject({ name: 'kitchen', change: 'created' });
    expect(readFileSync(join(hub.dir, 'dashboards/kitchen.xml'), 'utf8')).toContain('Kitchen');

    const updated = nextEvent(hub, 'DashboardChangedEvent', (e) => e.args.name === 'kitchen');
    const res2 = await hub.fetch(
      '/api/v1/dashboards/kitchen',
      json(
        { xml: '<Dashboard title="Kitchen 2"><Row><Nope/></Row></Dashboard>' },
        { ...AS_OWNER, 'if-match': first.etag },
        'PUT',
      ),
    );
    expect(res2.status).toBe(200);
    const second = (await res2.json()) as { errors: Array<{ widget?: string }> };
    // Schema issues are saved and reported (they render as error cards), not refused.
    expect(second.errors).toMatchObject([{ widget: 'Nope', line: 1, column: 35 }]);
    expect((await updated).args.change).toBe('updated');
  });

  it('refuses a stale If-Match with 412 and the current ETag, leaving the file alone', async () => {
    const current = (await (await hub.fetch('/api/v1/dashboards/kitchen', { headers: AS_OWNER })).json()) as {
      etag: string;
    };
    const res = await hub.fetch(
      '/api/v1/dashboards/kitchen',
      xmlPut('<Dashboard/>', { 'if-match': '"stale"' }),
    );
    expect(res.status).toBe(412);
    expect(await res.json()).toMatchObject({ error: 'precondition_failed', etag: current.etag });
    expect(readFileSync(join(hub.dir, 'dashboards/kitchen.xml'), 'utf8')).toContain('Kitchen 2');
  });

  it.each([
    ['<Dashboard>\n  <Row onclick="x()"/>\n</Dashboard>', 2, 8, /Event-handler/],
    ['<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Dashboard>&x;</Dashboard>', 1, 1, /DOCTYPE/],
    ['<Dashboard><Image src="javascript:alert(1)"/></Dashboard>', 1, 19, /script URL/],
    ['<Dashboard><Row>', 1, 12, /never closed/],
  ])('refuses %j with 400, line and column, file untouched', async (xml, line, column, message) => {
    const res = await hub.fetch('/api/v1/dashboards/kitchen', xmlPut(xml));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ message: string; line: number; column: number }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ line, column });
    expect(body.errors[0].message).toMatch(message);
    expect(readFileSync(join(hub.dir, 'dashboards/kitchen.xml'), 'utf8')).toContain('Kitchen 2');
  });

  it('refuses an oversized dashboard with 413 and a body that is neither XML nor {xml} with 400', async () => {
    const big = `<Dashboard>${'<Row/>'.repeat(50_000)}</Dashboard>`;
    expect((await hub.fetch('/api/v1/dashboards/kitchen', xmlPut(big))).status).toBe(413);
    const res = await hub.fetch('/api/v1/dashboards/kitchen', json({ nope: 1 }, AS_OWNER, 'PUT'));
    expect(res.status).toBe(400);
  });

  it('validates without saving', async () => {
    const res = await hub.fetch('/api/v1/dashboards/validate', {
      method: 'POST',
      headers: { 'content-type': 'text/xml', ...AS_OWNER },
      body: '<Dashboard><Row><Gauge max="x"/></Row></Dashboard>',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tree: { type: string }; errors: Array<{ attribute?: string }> };
    expect(body.tree.type).toBe('Dashboard');
    expect(body.errors).toMatchObject([{ widget: 'Gauge', attribute: 'max' }]);
    expect(existsSync(join(hub.dir, 'dashboards/validate.xml'))).toBe(false);
  });

  it('lets a dashboards:read token read but not write; a token without it reads nothing', async () => {
    const reader = await issueToken(hub, { name: 'tablet', scopes: ['dashboards:read', 'variable.get'] });
    expect((await hub.fetch('/api/v1/dashboards/main', { headers: bearer(reader.token) })).status).toBe(200);
    expect((await hub.fetch('/api/v1/dashboards/widgets', { headers: bearer(reader.token) })).status).toBe(
      200,
    );
    const write = await hub.fetch('/api/v1/dashboards/main', {
      method: 'PUT',
      headers: { 'content-type': 'application/xml', ...bearer(reader.token) },
      body: '<Dashboard/>',
    });
    expect(write.status).toBe(403);
    const other = await issueToken(hub, { name: 'lights', scopes: ['light.*'] });
    expect((await hub.fetch('/api/v1/dashboards/main', { headers: bearer(other.token) })).status).toBe(403);
    expect((await hub.fetch('/api/v1/dashboards')).status).toBe(401);
  });

  it('deletes (honouring If-Match) and announces it', async () => {
    expect(
      (
        await hub.fetch('/api/v1/dashboards/kitchen', {
          method: 'DELETE',
          headers: { ...AS_OWNER, 'if-match': '"x"' },
        })
      ).status,
    ).toBe(412);
    const deleted = nextEvent(hub, 'DashboardChangedEvent', (e) => e.args.name === 'kitchen');
    const res = await hub.fetch('/api/v1/dashboards/kitchen', { method: 'DELETE', headers: AS_OWNER });
    expect(res.status).toBe(200);
    expect((await deleted).args.change).toBe('deleted');
    expect(existsSync(join(hub.dir, 'dashboards/kitchen.xml'))).toBe(false);
    expect(
      (await hub.fetch('/api/v1/dashboards/kitchen', { method: 'DELETE', headers: AS_OWNER })).status,
    ).toBe(404);
  });
});
