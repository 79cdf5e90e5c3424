// Cold start (process spawn → first GET /healthz 200) and idle memory of the built hub.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/processes.mjs';

export const description = 'cold start to first /healthz 200, and idle RSS (built hub, fresh SQLite)';

const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const MAIN = join(ROOT, 'dist/apps/hub/src/main.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function healthy(url) {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  return kib / 1024;
}

async function oneStart() {
  const dir = mkdtempSync(join(tmpdir(), 'hub-startup-'));
  const port = await freePort();
  writeFileSync(join(dir, 'config.yaml'), `backend.http:\n  port: ${port}\nlogging:\n  level: warn\n`);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [MAIN, '--config', join(dir, 'config.yaml')], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    // Polling is the measurement here: the first moment /healthz answers 200.
    while (!(await healthy(`http://127.0.0.1:${port}/healthz`))) {
      if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    await new Promise((r) => setTimeout(r, 2000)); // let start-up garbage settle before reading RSS
    return { ms, rss: rssMiB(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run() {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await oneStart());
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const rss = results.map((r) => r.rss).sort((a, b) => a - b);
  const median = (xs) => xs[Math.floor(xs.length / 2)];
  return [
    {
      name: 'cold start → first /healthz 200',
      extra: `median ${median(ms).toFixed(0)} ms (min ${ms[0].toFixed(0)}, max ${ms.at(-1).toFixed(0)}, ${RUNS} runs)`,
    },
    {
      name: 'idle RSS after start',
      extra: `median ${median(rss).toFixed(1)} MiB (min ${rss[0].toFixed(1)}, max ${rss.at(-1).toFixed(1)})`,
    },
  ];
}
