import { fork, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');
const MAIN = join(ROOT, 'dist/apps/hub/src/main.js');

/** Starts the bare node:http baseline in its own process. */
export async function startBareServer(script = join(here, 'bare-server.mjs')) {
  const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const { port } = await new Promise((res, rej) => {
    child.once('message', res);
    child.once('exit', (code) => rej(new Error(`bare server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
}

/**
 * Starts the built hub (run `npm run build` first) on a temp config dir.
 * `config` is config.yaml text; files are extra files in the config dir.
 */
export async function startHub({ config = '', files = {}, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  // A config with its own backend.http section must set `port: 0` itself (YAML keys are unique).
  const http = /^backend\.http:/m.test(config) ? '' : 'backend.http:\n  port: 0\n';
  const yaml = `${http}workdir: ./data\nlogging:\n  level: warn\n${config}`;
  writeFileSync(join(dir, 'config.yaml'), yaml);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const child = spawn(process.execPath, [MAIN, '--config', join(dir, 'config.yaml')], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((res, rej) => {
    child.stdout.on('data', (c) => {
      output += c;
      const m = /hub listening on (\S+)/.exec(output);
      if (m) res(m[1]);
    });
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code) => rej(new Error(`hub exited ${code}:\n${output}`)));
  });
  return {
    url,
    dir,
    pid: child.pid,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function stopChild(child) {
  return new Promise((res) => {
    if (child.exitCode !== null) return res();
    child.once('exit', () => res());
    child.kill('SIGTERM');
  });
}
