import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { ADMIN, bearer, json, login, register } from './support/auth-client';
import { execute, run } from './support/execute-client';
import { bootHub, runBuiltHub, tempDirs, type TestHub } from './support/test-hub';

const BIN = resolve(__dirname, '../bin/hub.mjs');
// Each test runs several CLI processes (~1-3 s each to boot Node and the hub's services; much
// more on a loaded machine).
vi.setConfig({ testTimeout: 180_000 });
const tempDir = tempDirs();

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npx hub ...` as a separate process (the built CLI), like an owner at a shell. */
function hubCli(args: string[], cwd: string, stdin = ''): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const BASE = 'backend.http:\n  port: 0\nworkdir: ./data\nauth:\n  bcrypt_cost: 4\n';

function configDir(extra = '', files: Record<string, string> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.yaml'), `${BASE}${extra}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A hub in this process on a dir the CLI also uses (its config.yaml is kept as written). */
function hubOn(dir: string): Promise<TestHub> {
  return bootHub({ dir, config: readFileSync(join(dir, 'config.yaml'), 'utf8') });
}

describe('npx hub config check', () => {
  it('passes a good config without creating the database', async () => {
    const dir = configDir('event.hook.Lights:\n  if: {type: WebhookEvent, hook: lights}\n  then: []\n');
    const result = await hubCli(['config', 'check'], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`config OK: ${join(dir, 'config.yaml')} (1 hooks, 0 procedures, 0 crons)\n`);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('exits 2 with the same path:line messages as the hub at start', async () => {
    const dir = configDir(
      'cron.Bad:\n  cron_expression: "61 * * * *"\n  actions: []\nlogging:\n  levle: info\n',
    );
    const cli = await hubCli(['--config', 'config.yaml', 'config', 'check'], dir);
    const hub = await runBuiltHub(['--config', 'config.yaml'], dir);
    expect(cli.code).toBe(2);
    expect(hub.code).toBe(2);
    expect(cli.stderr).toMatch(/logging\.levle.*\(config\.yaml:\d+\)/);
    expect(cli.stderr).toBe(hub.output);
    expect(cli.stdout).toBe('');
  });

  it('says so when the config file does not exist', async () => {
    const result = await hubCli(['--config', 'nope.yaml', 'config', 'check'], tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config file not found: .*nope\.yaml/);
  });

  it('rejects unknown commands and options with one line', async () => {
    const dir = configDir();
    const unknown = await hubCli(['frobnicate'], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("hub: unknown command 'frobnicate'; see npx hub --help\n");
    const option = await hubCli(['user', 'list', '--amdin'], dir);
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/^hub: Unknown option '--amdin'/);
    expect((await hubCli(['--help'], dir)).stdout).toMatch(/^usage: npx hub/);
  });
});

describe('npx hub user / token, next to a running hub', () => {
  let dir: string;
  let hub: TestHub;
  beforeAll(async () => {
    dir = configDir();
    expect((await hubCli(['user', 'add', ADMIN.username, '--admin'], dir, `${ADMIN.password}\n`)).code).toBe(
      0,
    );
    hub = await hubOn(dir);
  });
  afterAll(() => hub.stop());

  it('adds users (password from stdin) that can log in to the running hub', async () => {
    const added = await hubCli(['user', 'add', 'bob'], dir, 'bob password 1\n');
    expect(added).toMatchObject({ code: 0, stdout: "user 'bob' created\n" });
    expect((await hub.fetch('/login', json({ username: 'bob', password: 'bob password 1' }))).status).toBe(
      200,
    );
    const listed = await hubCli(['user', 'list'], dir);
    expect(listed.stdout.split('\n')[0]).toMatch(/^NAME +ADMIN +CREATED$/);
    expect(listed.stdout).toMatch(new RegExp(`^${ADMIN.username} +yes +\\d{4}-`, 'm'));
    expect(listed.stdout).toMatch(/^bob +no +\d{4}-/m);
  });

  it('refuses bad names, short passwords and duplicates with one line', async () => {
    expect(await hubCli(['user', 'add', 'bob'], dir, 'another password\n')).toMatchObject({
      code: 1,
      stderr: "hub: User 'bob' already exists\n",
    });
    expect((await hubCli(['user', 'add', 'carol'], dir, 'short\n')).stderr).toMatch(/at least 8 characters/);
    expect((await hubCli(['user', 'add', 'no spaces'], dir, 'long enough pw\n')).stderr).toMatch(
      /username may only/,
    );
    expect((await hubCli(['user', 'add', 'dave'], dir, '')).stderr).toBe('hub: no password given on stdin\n');
  });

  it('changes a password: the old one stops working on the running hub', async () => {
    expect((await hubCli(['user', 'passwd', 'bob'], dir, 'bob password 2\n')).code).toBe(0);
    expect((await hub.fetch('/login', json({ username: 'bob', password: 'bob password 1' }))).status).toBe(
      401,
    );
    expect((await hub.fetch('/login', json({ username: 'bob', password: 'bob password 2' }))).status).toBe(
      200,
    );
    expect((await hubCli(['user', 'passwd', 'nobody'], dir, 'whatever pw\n')).stderr).toBe(
      "hub: No user 'nobody'\n",
    );
  });

  it('creates scoped, expiring tokens the running hub accepts, lists and revokes them', async () => {
    const created = await hubCli(
      [
        'token',
        'create',
        '--user',
        'bob',
        '--name',
        'tablet',
        '--scopes',
        'variable.get',
        '--expiry-days',
        '2',
      ],
      dir,
    );
    expect(created.code).toBe(0);
    // The token alone, so that TOKEN=$(npx hub token create ...) works.
    expect(created.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = created.stdout.trim();
    const me = await hub.fetch('/auth', { headers: bearer(token) });
    expect(await me.json()).toMatchObject({ user: { username: 'bob' }, scopes: ['variable.get'] });
    const denied = await execute(
      hub,
      { type: 'request', action: 'variable.set', args: { a: 1 } },
      bearer(token),
    );
    expect(denied.status).toBe(403);
    expect(await run(hub, 'variable.get', { name: 'a' }, bearer(token))).toEqual({ a: null });

    const listed = await hubCli(['token', 'list'], dir);
    const row = listed.stdout.split('\n').find((l) => l.includes('tablet'))!;
    const [id] = row.split(/\s+/);
    expect(row).toMatch(/tablet +bob +variable\.get +\d{4}-/);
    const expires = Date.parse(row.split(/\s+/)[4]);
    expect(expires).toBeGreaterThan(Date.now() + 47 * 3600_000);
    expect(expires).toBeLessThan(Date.now() + 49 * 3600_000);

    expect(await hubCli(['token', 'revoke', id], dir)).toMatchObject({
      code: 0,
      stdout: `token ${id} revoked\n`,
    });
    expect((await hubCli(['token', 'list'], dir)).stdout).toMatch(new RegExp(`^${id} .* \\d{4}-\\S+$`, 'm'));
    // The running hub re-reads token rows within its cache TTL; a restart sees the revocation at once.
    await hub.stop();
    hub = await hubOn(dir);
    expect((await hub.fetch('/auth', { headers: bearer(token) })).status).toBe(401);
  });

  it('refuses tokens for unknown users, bad scopes and bad expiries', async () => {
    expect((await hubCli(['token', 'create', '--user', 'ghost'], dir)).stderr).toBe("hub: no user 'ghost'\n");
    expect((await hubCli(['token', 'create'], dir)).stderr).toBe('hub: token create needs --user NAME\n');
    expect((await hubCli(['token', 'create', '--user', 'bob', '--scopes', 'a b'], dir)).stderr).toMatch(
      /^hub: --scopes: 'a b': /,
    );
    expect((await hubCli(['token', 'create', '--user', 'bob', '--expiry-days', 'soon'], dir)).stderr).toBe(
      "hub: --expiry-days: expected a positive number, got 'soon'\n",
    );
    expect((await hubCli(['token', 'revoke', 'no-such-id'], dir)).stderr).toBe(
      "hub: No token 'no-such-id'\n",
    );
  });

  it('deletes users, never the last administrator', async () => {
    expect((await hubCli(['user', 'delete', 'bob'], dir)).code).toBe(0);
    expect((await hub.fetch('/login', json({ username: 'bob', password: 'bob password 2' }))).status).toBe(
      401,
    );
    expect(await hubCli(['user', 'delete', ADMIN.username], dir)).toMatchObject({
      code: 1,
      stderr: 'hub: The last administrator cannot be deleted\n',
    });
    expect((await login(hub)).token.length).toBeGreaterThan(10);
  });

  it('says the database is locked when another process holds its write lock', async () => {
    const db = new Database(join(dir, 'data', 'hub.db'));
    db.exec('BEGIN EXCLUSIVE');
    try {
      const result = await hubCli(['user', 'add', 'erin'], dir, 'erin password\n');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^hub: the database is locked \(sqlite:\/\/.*hub\.db\): another process/);
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
  });
});

describe('npx hub hooks match', () => {
  const dir = configDir(`event.hook.Lights:
  if: {type: WebhookEvent, hook: lights}
  then: []
event.hook.Hot:
  if: {type: SensorEvent, temperature: {$gt: 25}}
  priority: 5
  then: []
event.hook.AnySensor:
  if: {type: SensorEvent}
  then: []
`);

  it('lists the hooks an event would run, in the order the hub runs them', async () => {
    const hot = await hubCli(['hooks', 'match', '{"type": "SensorEvent", "temperature": 30}'], dir);
    expect(hot.code).toBe(0);
    expect(hot.stdout).toMatch(
      /^Hot {2}priority 5 {2}config\.yaml:\d+\nAnySensor {2}priority 0 {2}config\.yaml:\d+\n$/,
    );
    const platypush = await hubCli(
      [
        'hooks',
        'match',
        '{"type": "event", "args": {"type": "platypush.message.event.http.hook.WebhookEvent", "hook": "lights"}}',
      ],
      dir,
    );
    expect(platypush.stdout).toMatch(/^Lights {2}priority 0 {2}config\.yaml:\d+\n$/);
  });

  it('exits 1 when no hook matches, or the event is not JSON', async () => {
    expect(await hubCli(['hooks', 'match', '{"type": "WebhookEvent", "hook": "other"}'], dir)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'hub: no hook matches this event\n',
    });
    expect((await hubCli(['hooks', 'match', '{nope'], dir)).stderr).toMatch(/^hub: the event is not JSON/);
    expect((await hubCli(['hooks', 'match', '{"hook": "x"}'], dir)).stderr).toMatch(/needs a "type"/);
  });
});

describe('npx hub backup / restore', () => {
  const DASHBOARD = '<Dashboard><Row><Heading text="Home"/></Row></Dashboard>\n';

  it('takes a consistent backup while the hub serves writes; restored, every acknowledged write is there', async () => {
    const source = configDir('', { 'dashboards/home.xml': DASHBOARD });
    const hub = await hubOn(source);
    await register(hub);
    const session = await login(hub);
    const token = (
      await hubCli(['token', 'create', '--user', ADMIN.username, '--name', 'kept'], source)
    ).stdout.trim();
    const file = join(tempDir(), 'hub.backup');

    // Three writers, each setting its own counter variable to 1, 2, 3, ... one write at a time.
    const acked = [0, 0, 0];
    let writing = true;
    const writers = acked.map(async (_, w) => {
      for (let i = 1; writing; i++) {
        await run(hub, 'variable.set', { [`w${w}`]: i, [`w${w}_${i}`]: true }, bearer(token));
        acked[w] = i;
      }
    });
    await expect.poll(() => Math.min(...acked), { timeout: 20_000 }).toBeGreaterThan(20);
    const ackedAtStart = [...acked];
    const result = await hubCli(['backup', file], source);
    const ackedAtEnd = [...acked];
    writing = false;
    await Promise.all(writers);
    await hub.stop();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^backup written to .*hub\.backup: database \(\d+ KiB\), jwt\.secret, 1 dashboards\n$/,
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ackedAtEnd.some((n, w) => n > ackedAtStart[w])).toBe(true); // writes went on during the backup

    const target = configDir();
    const restored = await hubCli(['restore', file], target);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(
      /^restored .*hub\.backup \(made \d{4}-.*\): database, jwt\.secret, 1 dashboards\n$/,
    );
    expect(readFileSync(join(target, 'dashboards', 'home.xml'), 'utf8')).toBe(DASHBOARD);
    expect(statSync(join(target, 'data', 'jwt.secret')).mode & 0o777).toBe(0o600);

    const again = await hubOn(target);
    try {
      const variables = (await run(again, 'variable.list', {}, bearer(token))) as Record<string, unknown>;
      acked.forEach((_, w) => {
        const last = variables[`w${w}`] as number;
        // Every write acknowledged before the backup started is there ...
        expect(last).toBeGreaterThanOrEqual(ackedAtStart[w]);
        expect(last).toBeLessThanOrEqual(ackedAtEnd[w]);
        // ... and the copy is one snapshot: each writer's history is complete up to its last value.
        for (let i = 1; i <= last; i++) expect(variables[`w${w}_${i}`], `w${w}_${i}`).toBe(true);
        expect(variables[`w${w}_${last + 1}`]).toBeUndefined();
      });
      // Users, sessions and tokens (signed with the restored secret) came along.
      expect((await again.fetch('/auth', { headers: { 'x-session-token': session.token } })).status).toBe(
        200,
      );
      expect((await again.fetch('/auth', { headers: bearer(token) })).status).toBe(200);

      // Restore refuses a running hub.
      const refused = await hubCli(['restore', file, '--force'], target);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^hub: the hub is running \(pid \d+, .*hub\.pid\): stop it before restoring\n$/,
      );
    } finally {
      await again.stop();
    }
    // Stopped, it still refuses to replace a database unless told to.
    expect((await hubCli(['restore', file], target)).stderr).toMatch(/hub\.db exists: .* add --force/);
    expect((await hubCli(['restore', file, '--force'], target)).code).toBe(0);
  });

  it('refuses a file that is not a backup, a truncated one, and an altered one', async () => {
    const source = configDir();
    const hub = await hubOn(source);
    await register(hub);
    await hub.stop();
    const file = join(source, 'good.backup');
    expect((await hubCli(['backup', file], source)).code).toBe(0);
    const bytes = readFileSync(file);
    const target = configDir();

    // The last byte of the database entry changed, the archive otherwise intact.
    const raw = gunzipSync(bytes);
    raw[raw.length - 1] ^= 0xff;
    const cases: Array<[string, Buffer, RegExp]> = [
      ['text.backup', Buffer.from('hello'), /not a gzip file, or truncated/],
      ['half.backup', bytes.subarray(0, Math.floor(bytes.length / 2)), /not a gzip file, or truncated/],
      ['altered.backup', gzipSync(raw), /(hub\.db|jwt\.secret) does not match its checksum/],
    ];
    for (const [name, data, why] of cases) {
      writeFileSync(join(target, name), data);
      const result = await hubCli(['restore', name], target);
      expect(result.code, name).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^hub: .*${name} is not a usable hub backup: ${why.source}\\n$`),
      );
    }
    expect((await hubCli(['restore', 'missing.backup'], target)).stderr).toMatch(/^hub: no such file: /);
    expect(existsSync(join(target, 'data', 'hub.db'))).toBe(false);
  });

  it('says there is nothing to back up before the hub ever ran', async () => {
    const result = await hubCli(['backup', 'x.backup'], configDir());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^hub: no database at .*hub\.db: nothing to back up yet\n$/);
  });
});
