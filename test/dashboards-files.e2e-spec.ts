import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collectEvents, nextEvent } from './support/bus-events';
import { AS_OWNER, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, spawnBuiltHub, type SpawnedHub, tempDirs, type TestHub } from './support/test-hub';

const tempDir = tempDirs();

describe('dashboard files on disk', () => {
  let hub: TestHub;

  beforeAll(async () => {
    // No dashboards/ directory yet: the hub must notice when it is created.
    hub = await bootHub({ config: TOKEN_CONFIG });
  });
  afterAll(() => hub?.stop());

  it('posts DashboardChangedEvent within a second when the directory and a file are created', async () => {
    const event = nextEvent(hub, 'DashboardChangedEvent', (e) => e.args.name === 'hall', 1000);
    mkdirSync(join(hub.dir, 'dashboards'));
    // Whichever comes first, the directory watch or the file: the rescan on appearance finds it.
    writeFileSync(join(hub.dir, 'dashboards/hall.xml'), '<Dashboard title="Hall"/>');
    expect((await event).args).toMatchObject({ name: 'hall', change: 'created' });
  });

  it('posts one updated event for an edit, even when the editor writes through a rename', async () => {
    const started = Date.now();
    const event = nextEvent(hub, 'DashboardChangedEvent', (e) => e.args.name === 'hall', 1000);
    writeFileSync(join(hub.dir, 'dashboards/.hall.swp'), '<Dashboard title="Hall 2"/>');
    renameSync(join(hub.dir, 'dashboards/.hall.swp'), join(hub.dir, 'dashboards/hall.xml'));
    expect((await event).args.change).toBe('updated');
    expect(Date.now() - started).toBeLessThan(1000);
    const body = (await (await hub.fetch('/api/v1/dashboards/hall', { headers: AS_OWNER })).json()) as {
      tree: { attrs: { title: string } };
    };
    expect(body.tree.attrs.title).toBe('Hall 2');
  });

  it('does not announce a write that leaves the content as it was', async () => {
    const collected = collectEvents(hub, 'DashboardChangedEvent');
    writeFileSync(join(hub.dir, 'dashboards/hall.xml'), '<Dashboard title="Hall 2"/>');
    // A different file changed afterwards proves the watcher has processed the first write.
    const marker = nextEvent(hub, 'DashboardChangedEvent', (e) => e.args.name === 'marker', 1000);
    writeFileSync(join(hub.dir, 'dashboards/marker.xml'), '<Dashboard/>');
    await marker;
    collected.stop();
    expect(collected.events.map((e) => (e.args as { name: string }).name)).toEqual(['marker']);
  });

  it('posts deleted when a file is removed', async () => {
    const event = nextEvent(hub, 'DashboardChangedEvent', (e) => e.args.name === 'hall', 1000);
    rmSync(join(hub.dir, 'dashboards/hall.xml'));
    expect((await event).args.change).toBe('deleted');
  });
});

describe('dashboards checked at start, with the built hub', () => {
  let hub: SpawnedHub;
  const dir = tempDir();

  beforeAll(async () => {
    mkdirSync(join(dir, 'dashboards'));
    writeFileSync(
      join(dir, 'config.yaml'),
      'backend.http:\n  port: 0\nworkdir: ./data\ntoken: start-check\n',
    );
    writeFileSync(join(dir, 'dashboards/broken.xml'), '<Dashboard>\n  <Row>\n    <Calendar>\n</Dashboard>\n');
    writeFileSync(
      join(dir, 'dashboards/typo.xml'),
      '<Dashboard>\n  <Row>\n    <Calender/>\n  </Row>\n</Dashboard>\n',
    );
    hub = await spawnBuiltHub(['--config', join(dir, 'config.yaml')], dir);
  });
  afterAll(async () => {
    hub.child.kill('SIGTERM');
    await hub.exited;
  });

  it('reports a broken dashboard with file:line:column and starts anyway', async () => {
    await expect
      .poll(() => hub.output())
      .toMatch(/dashboards\/broken\.xml:4:1: <\/Dashboard> does not close <Calendar>/);
    await expect.poll(() => hub.output()).toMatch(/dashboards\/typo\.xml:3:5: Unknown widget <Calender>/);
    const res = await fetch(`${hub.url}/api/v1/dashboards`, { headers: { 'x-token': 'start-check' } });
    expect(res.status).toBe(200);
  });
});
