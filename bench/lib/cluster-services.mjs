// Real PostgreSQL and redis-server for the cluster benchmark, as test/support/services starts
// them for the tests: free loopback ports, scratch dirs, stopped by pid.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(command, args, ready) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      out += chunk;
      if (ready.test(out)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}:\n${out}`)));
  });
}

function stop(child, signal) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(child.pid, signal);
  });
}

/** PostgreSQL 15 as the `postgres` user (when root), durability off; resolves with its URL. */
export async function startPostgres() {
  const root = mkdtempSync(join(tmpdir(), 'hub-bench-pg-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  mkdirSync(data, { mode: 0o700 });
  const asRoot = process.getuid?.() === 0;
  const as = (cmd, args) =>
    asRoot
      ? ['setpriv', ['--reuid', 'postgres', '--regid', 'postgres', '--init-groups', cmd, ...args]]
      : [cmd, args];
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(data, uid, gid);
    chownSync(root, uid, gid);
  }
  const [initdb, initArgs] = as(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'hub',
    '-A',
    'trust',
    '--no-sync',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [postgres, args] = as(join(PG_BIN, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    root,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ]);
  const child = await start(postgres, args, /database system is ready to accept connections/);
  return {
    url: `postgres://hub@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await stop(child, 'SIGINT');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** redis-server without persistence; resolves with its URL. */
export async function startRedis() {
  const port = await freePort();
  const child = await start(
    'redis-server',
    ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1'],
    /Ready to accept connections/,
  );
  return { url: `redis://127.0.0.1:${port}`, stop: () => stop(child, 'SIGTERM') };
}
