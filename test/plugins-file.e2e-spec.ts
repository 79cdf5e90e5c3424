import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { execute, run, TOKEN_CONFIG } from './support/execute-client';
import { bootHub, makeTempDir, type TestHub } from './support/test-hub';

describe('file plugin', () => {
  let hub: TestHub;
  let home: string;
  const outside = makeTempDir('hub-outside-');

  beforeAll(async () => {
    writeFileSync(join(outside, 'secret.txt'), 'top secret');
    hub = await bootHub({
      config: `${TOKEN_CONFIG}file:\n  dirs: [./files, ./more]\n  max_read_bytes: 100\n`,
      files: { 'files/notes/todo.txt': 'buy milk\n', 'more/a.bin': '', 'files/big.txt': 'y'.repeat(200) },
    });
    home = join(hub.dir, 'files');
    symlinkSync(outside, join(home, 'escape'));
    symlinkSync(join(outside, 'secret.txt'), join(home, 'secret-link.txt'));
    symlinkSync(join(home, 'notes', 'todo.txt'), join(home, 'inside-link.txt'));
  });
  afterAll(() => hub?.stop());

  it('reads a file by relative and by absolute path', async () => {
    expect(await run(hub, 'file.read', { path: 'notes/todo.txt' })).toMatchObject({
      content: 'buy milk\n',
      size: 9,
      encoding: 'utf8',
    });
    expect(await run(hub, 'file.read', { path: join(home, 'notes/todo.txt') })).toMatchObject({
      content: 'buy milk\n',
    });
  });

  it('writes, appends and reads back base64', async () => {
    await run(hub, 'file.write', { path: 'out/log.txt', content: 'one\n', make_dirs: true });
    const appended = (await run(hub, 'file.write', {
      path: 'out/log.txt',
      content: 'two\n',
      append: true,
    })) as {
      size: number;
    };
    expect(appended.size).toBe(8);
    expect(readFileSync(join(home, 'out/log.txt'), 'utf8')).toBe('one\ntwo\n');
    await run(hub, 'file.write', {
      path: join(hub.dir, 'more/b.bin'),
      content: Buffer.from([0, 255]).toString('base64'),
      encoding: 'base64',
    });
    expect(
      await run(hub, 'file.read', { path: join(hub.dir, 'more/b.bin'), encoding: 'base64' }),
    ).toMatchObject({
      content: 'AP8=',
      size: 2,
    });
  });

  it('lists a directory and stats entries', async () => {
    const listing = (await run(hub, 'file.list', { path: 'notes' })) as Array<{
      name: string;
      type: string;
      size: number;
    }>;
    expect(listing).toEqual([expect.objectContaining({ name: 'todo.txt', type: 'file', size: 9 })]);
    const root = (await run(hub, 'file.list', {})) as Array<{ name: string; type: string }>;
    expect(root).toContainEqual(expect.objectContaining({ name: 'escape', type: 'symlink' }));
    expect(await run(hub, 'file.stat', { path: 'notes' })).toMatchObject({ type: 'directory' });
  });

  it('follows symlinks that stay inside', async () => {
    expect(await run(hub, 'file.read', { path: 'inside-link.txt' })).toMatchObject({ content: 'buy milk\n' });
  });

  it.each([
    ['.. out of the directory', '../config.yaml'],
    ['an absolute path elsewhere', '/etc/passwd'],
    ['a symlinked directory leading out', 'escape/secret.txt'],
    ['a symlinked file leading out', 'secret-link.txt'],
    ['a sibling directory sharing the name prefix', '../files-other/x'],
  ])('refuses %s (403) for every action', async (_what, path) => {
    for (const action of ['file.read', 'file.stat', 'file.list']) {
      const { status, body } = await execute(hub, { action, args: { path } });
      expect(status).toBe(403);
      expect(body.response.errors[0]).toMatch(/outside the file plugin's directories/);
    }
    const write = await execute(hub, { action: 'file.write', args: { path, content: 'pwned' } });
    expect(write.status).toBe(403);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('top secret');
  });

  it('answers 404 for a missing file and 400 for a directory or an oversized file', async () => {
    expect((await execute(hub, { action: 'file.read', args: { path: 'nope.txt' } })).status).toBe(404);
    expect((await execute(hub, { action: 'file.read', args: { path: 'notes' } })).status).toBe(400);
    const big = await execute(hub, { action: 'file.read', args: { path: 'big.txt' } });
    expect(big.status).toBe(400);
    expect(big.body.response.errors[0]).toMatch(/larger than 100 bytes/);
  });

  it('answers 400 for bad arguments', async () => {
    expect((await execute(hub, { action: 'file.read', args: {} })).status).toBe(400);
    expect((await execute(hub, { action: 'file.write', args: { path: 'x' } })).status).toBe(400);
    expect(
      (await execute(hub, { action: 'file.read', args: { path: 'x', encoding: 'latin9' } })).status,
    ).toBe(400);
  });
});

describe('file plugin without directories', () => {
  it('refuses every path', async () => {
    const hub = await bootHub({ config: TOKEN_CONFIG });
    try {
      mkdirSync(join(hub.dir, 'x'));
      const { status, body } = await execute(hub, {
        action: 'file.list',
        args: { path: join(hub.dir, 'x') },
      });
      expect(status).toBe(403);
      expect(body.response.errors[0]).toMatch(/no directories configured/);
    } finally {
      await hub.stop();
    }
  });
});
