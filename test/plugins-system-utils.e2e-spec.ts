import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { nextEvent } from './support/bus-events';
import { execute, run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, tempDirs, type TestHub } from './support/test-hub';

const tempDir = tempDirs('hub-system-');

describe('system plugin', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await bootHub({ config: `${TOKEN_CONFIG}system:\n  poll_seconds: 1\n` });
  });
  afterAll(() => hub?.stop());

  it('reads cpu, load and memory from this machine', async () => {
    const cpu = (await run(hub, 'system.cpu_percent')) as number;
    expect(cpu).toBeGreaterThanOrEqual(0);
    expect(cpu).toBeLessThanOrEqual(100);
    const perCpu = (await run(hub, 'system.cpu_percent', { per_cpu: true })) as number[];
    expect(perCpu.length).toBeGreaterThanOrEqual(1);
    const load = (await run(hub, 'system.load_avg')) as number[];
    expect(load).toHaveLength(3);
    const info = (await run(hub, 'system.cpu_info')) as { count: number; arch: string };
    expect(info.count).toBeGreaterThanOrEqual(1);
    expect(info.arch).toBe(process.arch);
    const mem = (await run(hub, 'system.mem_virtual')) as { total: number; used: number; percent: number };
    expect(mem.total).toBeGreaterThan(mem.used);
    expect(mem.percent).toBeGreaterThan(0);
    const swap = (await run(hub, 'system.mem_swap')) as { total: number; percent: number };
    expect(swap.total).toBeGreaterThanOrEqual(0);
  });

  it('lists disks and network interfaces, and temperatures (empty where there are none)', async () => {
    const disks = (await run(hub, 'system.disk_info')) as Array<{ mountpoint: string; total: number }>;
    expect(disks.some((d) => d.mountpoint === '/' && d.total > 0)).toBe(true);
    const nets = (await run(hub, 'system.network_info')) as Array<{ interface: string; addresses: string[] }>;
    expect(nets.find((n) => n.interface === 'lo')?.addresses).toContain('127.0.0.1');
    const temps = (await run(hub, 'system.sensors_temperature')) as Array<{ current: number }>;
    expect(Array.isArray(temps)).toBe(true);
    for (const t of temps) expect(typeof t.current).toBe('number');
  });

  it('posts SensorDataChangeEvent while polling', async () => {
    const event = await nextEvent(hub, 'SensorDataChangeEvent', () => true, 5000);
    expect(event.args).toMatchObject({
      source: 'system',
      data: { cpu_percent: expect.any(Number), mem_percent: expect.any(Number) },
    });
  });

  it('refuses unknown arguments', async () => {
    expect((await execute(hub, { action: 'system.load_avg', args: { x: 1 } })).status).toBe(400);
  });
});

describe('utils.search_web_directory', () => {
  let hub: TestHub;
  let photos: string;

  beforeAll(async () => {
    const root = tempDir();
    photos = join(root, 'photos');
    mkdirSync(join(photos, 'summer 2026'), { recursive: true });
    writeFileSync(join(photos, 'a.JPG'), 'x');
    writeFileSync(join(photos, 'summer 2026', 'beach.png'), 'x');
    writeFileSync(join(photos, 'notes.txt'), 'x');
    const outside = join(root, 'secret');
    mkdirSync(outside);
    writeFileSync(join(outside, 'key.png'), 'x');
    symlinkSync(outside, join(photos, 'escape'));
    hub = await bootHub({
      config: `${TOKEN_CONFIG}backend.http:\n  port: 0\n  resource_dirs:\n    photos: ${photos}\n`,
    });
  });
  afterAll(() => hub?.stop());

  it('lists /resources URLs of the files with the given extensions, recursively', async () => {
    const urls = await run(hub, 'utils.search_web_directory', {
      directory: photos,
      extensions: ['.jpg', 'png'],
    });
    expect(urls).toEqual(['/resources/photos/a.JPG', '/resources/photos/summer%202026/beach.png']);
    const res = await hub.fetch('/resources/photos/summer%202026/beach.png', {
      headers: { 'x-token': 'action-tests-global-token' },
    });
    expect(res.status).toBe(200);
  });

  it('accepts <mount>/<sub dir>, and never follows a symlink out of the mount', async () => {
    expect(await run(hub, 'utils.search_web_directory', { directory: 'photos/summer 2026' })).toEqual([
      '/resources/photos/summer%202026/beach.png',
    ]);
    const all = (await run(hub, 'utils.search_web_directory', { directory: 'photos' })) as string[];
    expect(all.some((u) => u.includes('key.png'))).toBe(false);
    const escaped = await execute(hub, {
      action: 'utils.search_web_directory',
      args: { directory: `${photos}/escape` },
    });
    expect(escaped.status).toBe(404);
    const outside = await execute(hub, { action: 'utils.search_web_directory', args: { directory: '/etc' } });
    expect(outside.status).toBe(404);
    expect(outside.body.response.errors[0]).toMatch(/not a directory inside backend.http.resource_dirs/);
  });
});
