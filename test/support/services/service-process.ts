import { type ChildProcess, spawn } from 'node:child_process';

import { waitForPort } from './free-port';

/** A service binary started by a test, stopped by its pid. */
export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it printed (stdout + stderr), for failure messages. */
  output(): string;
  exited: Promise<number | null>;
  /** Sends `signal` to the pid and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Prefix that runs `command` as `user` when we are root (PostgreSQL refuses to run as root). */
export function asUser(user: string, command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  // setpriv execs the command itself: the pid we hold is the service's own, so stop() signals it directly.
  return ['setpriv', ['--reuid', user, '--regid', user, '--init-groups', command, ...args]];
}

/**
 * Spawns a service and resolves once its output matches `ready` (or, given `{port}`, once the
 * port accepts connections: for services that print nothing, like mpd); rejects with its output
 * if it exits first or is not ready within `timeoutMs`.
 */
export function startService(
  command: string,
  args: string[],
  ready: RegExp | { port: number },
  { timeoutMs = 20_000, cwd }: { timeoutMs?: number; cwd?: string } = {},
): Promise<ServiceProcess> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const service: ServiceProcess = {
    child,
    pid: child.pid ?? -1,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(service.pid, signal);
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void service.stop('SIGKILL');
      reject(new Error(`${command} not ready within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready instanceof RegExp && ready.test(out)) {
        clearTimeout(timer);
        resolve(service);
      }
    };
    if (!(ready instanceof RegExp)) {
      const alive = () => child.exitCode === null && child.signalCode === null;
      waitForPort(ready.port, timeoutMs, alive).then(
        () => {
          clearTimeout(timer);
          resolve(service);
        },
        () => undefined, // the timer or the exit handler reports it, with the output
      );
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${out}`));
    });
  });
}
