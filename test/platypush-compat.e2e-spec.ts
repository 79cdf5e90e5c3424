import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { configureLogger } from '@hub/common';
import { loadConfig } from '@hub/config';

import { type RunningHub, startHub } from '../apps/hub/src/bootstrap/hub-app';
import { jsonInit, tempDirs } from './support/test-hub';

/** A config written from platypush's docs (test/fixtures/platypush-docs), booted whole. */
const FIXTURE = resolve(__dirname, 'fixtures/platypush-docs');
const TOKEN = { 'x-token': 'platypush-docs-token' };
const tempDir = tempDirs('hub-platypush-docs-');

describe("platypush's names, idioms and replies, on a config written from its docs", () => {
  let hub: RunningHub;
  let dir: string;

  const execute = async (action: string, args: Record<string, unknown> = {}) => {
    const res = await fetch(`${hub.url}/execute`, jsonInit({ type: 'request', action, args }, TOKEN));
    return ((await res.json()) as { response: { output: unknown; errors: string[] } }).response;
  };

  beforeAll(async () => {
    configureLogger((process.env.HUB_TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent');
    dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    mkdirSync(join(dir, 'files')); // file.dirs
    hub = await startHub(loadConfig({ configPath: join(dir, 'config.yaml'), env: {}, cwd: dir }), {
      keepLogger: true,
    });
  });
  afterAll(() => hub?.close());

  it('starts with a warning for each ignored platypush option, and none for what it uses', () => {
    expect(hub.warnings).toEqual([
      expect.stringMatching(/^logging\.filename \(config\.yaml:\d+\): platypush option ignored by hub/),
      expect.stringMatching(/^redis \(config\.yaml:\d+\): platypush option ignored by hub/),
      expect.stringMatching(
        /^cron\.EveryThreeSeconds\.cron_expression \(config\.yaml:\d+\): '\* \* \* \* \* \*\/3' has 6 fields: read as platypush does, seconds last/,
      ),
    ]);
    expect(hub.config.logging.level).toBe('info');
    expect(hub.config.db.url).toBe(`sqlite://${join(dir, 'data', 'platypush.db')}`);
  });

  it('runs utils.* as util.*, logger.warning as logger.warn, file.write with {file, content}', async () => {
    expect(await execute('utils.sleep', { seconds: 0 })).toMatchObject({
      output: { success: true },
      errors: [],
    });
    expect(await execute('logger.warning', { msg: 'from a test' })).toMatchObject({ errors: [] });
    const note = join(dir, 'files', 'note.txt');
    const written = await execute('procedure.write_note', { file: note, content: 'hello' });
    expect(written.errors).toEqual([]);
    expect(readFileSync(note, 'utf8')).toBe('hello');
    // Giving both names is refused by the schema, not silently resolved.
    const both = await execute('file.write', { file: note, path: note, content: 'x' });
    expect(both.errors.join()).toMatch(/file/);
  });

  it('runs the Python idioms of ${...} in a procedure', async () => {
    expect((await execute('procedure.classify', { reading: null })).output).toBe('missing');
    expect((await execute('procedure.classify', { reading: { light: '95' } })).output).toBe('dark');
    expect(
      (await execute('procedure.classify', { reading: { light: 95, error: 1, tags: [1, 2] } })).output,
    ).toBe('2 tags');
  });

  it("answers the README's {status: 'ok'} reply as 200 JSON, reading headers case-insensitively", async () => {
    const res = await fetch(`${hub.url}/hook/doorbell`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bell-token': 'bell-secret' },
      body: JSON.stringify({ who: '  Alice ' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect((await execute('variable.get', { name: 'doorbell' })).output).toMatchObject({ doorbell: 'alice' });
  });

  it('reads scripts from scripts_dir and dashboards from dashboards_dir', async () => {
    expect((await execute('procedure.hello_from_scripts_dir')).output).toBe('hello');
    const list = (await (await fetch(`${hub.url}/api/v1/dashboards`, { headers: TOKEN })).json()) as Array<{
      name: string;
    }>;
    expect(list.map((d) => d.name)).toEqual(['home']);
  });

  it('skips disabled hooks and crons', async () => {
    const parked = await fetch(`${hub.url}/hook/parked`, { method: 'POST' });
    expect(parked.status).toBe(404);
    const graph = (await (await fetch(`${hub.url}/api/v1/hooks`, { headers: TOKEN })).json()) as {
      nodes: Array<{ kind: string; name: string; cron_expression?: string; next_run?: string }>;
    };
    const named = (kind: string) => graph.nodes.filter((n) => n.kind === kind).map((n) => n.name);
    expect(named('cron')).toEqual(['EveryThreeSeconds']);
    expect(named('hook')).toEqual(['OnDoorbell']);
    // Seconds last: the next run is at most 3 s away, not next Wednesday.
    const next = Date.parse(graph.nodes.find((n) => n.kind === 'cron')!.next_run!);
    expect(next - Date.now()).toBeLessThanOrEqual(3000);
  });
});
