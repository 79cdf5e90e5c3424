// Real service binaries for the integration benches, on free loopback ports in temp dirs,
// stopped by pid (the tests' TypeScript starters live in test/support/services/).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

async function waitForPort(port, child, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((res) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), res(true)));
      socket.once('error', () => res(false));
    });
    if (open) return;
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`nothing listened on ${port}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts `command args` in a temp dir (files written first); resolves once `port` accepts. */
export async function startService(command, argsFor, files = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-svc-'));
  const port = await freePort();
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'function' ? content({ dir, port }) : content);
  }
  const child = spawn(command, argsFor({ dir, port }), { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err = (err + c).slice(-4000)));
  try {
    await waitForPort(port, child);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${command}: ${e.message}\n${err}`);
  }
  return {
    port,
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(child.pid, 'SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function startMosquitto() {
  return startService('/usr/sbin/mosquitto', ({ dir }) => ['-c', join(dir, 'mosquitto.conf')], {
    'mosquitto.conf': ({ port }) =>
      `persistence false\nuser ${userInfo().username}\nlistener ${port} 127.0.0.1\nallow_anonymous true\n`,
  });
}
