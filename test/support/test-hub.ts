import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { afterAll } from 'vitest';

import { configureLogger } from '@hub/common';
import { loadConfig } from '@hub/config';

import { type RunningHub, startHub } from '../../apps/hub/src/bootstrap/hub-app';
import { createTestDatabase, postgresAdminUrl } from './test-database';

export interface TestHubOptions {
  /** config.yaml text; `backend.http.port: 0` and a temp workdir are added when absent. */
  config?: string;
  /** Extra files to create in the config dir (`scripts/a.js`, `dashboards/x.xml`, ...). */
  files?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** Reuse a directory (to test restarts); it is not deleted on close. */
  dir?: string;
}

export interface TestHub extends RunningHub {
  dir: string;
  /** fetch() relative to the hub's URL. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Closes the hub and deletes its directory (unless it was given). */
  stop(): Promise<void>;
}

let loggerConfigured = false;
/** In the `postgres` project: the database each config dir runs on (kept across restarts of the dir). */
const databases = new Map<string, string>();

/** The config with a `db:` section for this dir's database when the `postgres` project runs it. */
async function withTestDatabase(dir: string, config: string): Promise<string> {
  const adminUrl = postgresAdminUrl();
  if (!adminUrl || /^(db|main\.db):/m.test(config)) return config;
  let url = databases.get(dir);
  if (!url) {
    url = await createTestDatabase(adminUrl);
    databases.set(dir, url);
  }
  return `${config}\ndb:\n  url: ${url}\n`;
}

export function makeTempDir(prefix = 'hub-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Call at the top of a test file: dirs made with the returned function are removed after its tests. */
export function tempDirs(prefix?: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = makeTempDir(prefix);
    dirs.push(dir);
    return dir;
  };
}

/** Writes config.yaml (and files) into a temp dir; returns the config path. */
export function writeConfigDir(dir: string, options: TestHubOptions): string {
  let yaml = options.config ?? '';
  if (!/^backend\.http:/m.test(yaml)) yaml += '\nbackend.http:\n  port: 0\n';
  else if (!/^\s+port:/m.test(yaml))
    yaml = yaml.replace(/^backend\.http:\s*\n/m, 'backend.http:\n  port: 0\n');
  if (!/^workdir:/m.test(yaml)) yaml += '\nworkdir: ./data\n';
  if (!/^auth:/m.test(yaml)) yaml += '\nauth:\n  bcrypt_cost: 4\n';
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, yaml);
  for (const [name, content] of Object.entries(options.files ?? {})) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return configPath;
}

/** Boots the whole hub in this process on a temp config dir and a real (random) port. */
export async function bootHub(options: TestHubOptions = {}): Promise<TestHub> {
  if (!loggerConfigured) {
    configureLogger((process.env.HUB_TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent');
    loggerConfigured = true;
  }
  const dir = options.dir ?? makeTempDir();
  const config = await withTestDatabase(dir, options.config ?? '');
  const configPath = writeConfigDir(dir, { ...options, config });
  const hubConfig = loadConfig({ configPath, env: { ...process.env, ...options.env }, cwd: dir });
  const hub = await startHub(hubConfig, { keepLogger: true });
  return {
    ...hub,
    dir,
    fetch: (path, init) => fetch(`${hub.url}${path}`, init),
    stop: async () => {
      await hub.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** JSON POST helper. */
export function jsonInit(body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export const MAIN_JS = resolve(__dirname, '../../dist/apps/hub/src/main.js');

export interface SpawnedHub {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs the built hub (`npm run build` first) as a real process; resolves once it listens. */
export async function spawnBuiltHub(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<SpawnedHub> {
  const child = spawn(process.execPath, [MAIN_JS, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const url = await new Promise<string>((res, rej) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /hub listening on (\S+)/.exec(out);
      if (match) res(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    void exited.then((code) => rej(new Error(`hub exited with ${code} before listening:\n${out}`)));
  });
  return { child, url, output: () => out, exited };
}

/** Runs the built hub expecting it to exit (e.g. on a bad config); returns code and output. */
export function runBuiltHub(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => res({ code, output }));
  });
}
