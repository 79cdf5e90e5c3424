import { type ChildProcess, spawn } from 'node:child_process';

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';

import { hasAdminRole, type Identity } from '@hub/auth';
import { createLogger, ErrorCode, HubError, newId } from '@hub/common';
import { EVENT_BUS, type EventBus } from '@hub/events';
import type { ProcessInfo } from '@hub/messages';

import { OutputBuffer } from './output-buffer';

export type ProcessStream = 'stdout' | 'stderr';

export interface OutputChunk {
  stream: ProcessStream;
  data: Buffer;
  /** Byte offset of `data` in its stream. */
  offset: number;
}

export interface ExitInfo {
  exit_code: number | null;
  signal: string | null;
}

export type { ProcessInfo } from '@hub/messages';

export interface StartOptions {
  argv: string[];
  /** Run `argv[0]` through `/bin/sh -c` (argv must then be one string). */
  shell?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  name?: string;
  /** Who started it (see `ownerOf`); null for the owner, administrators and automations. */
  owner?: string | null;
}

/**
 * The owner to record for a process started by `identity`: a user who is not an administrator
 * owns theirs; administrators and automations (no identity) see every process anyway.
 */
export function ownerOf(identity: Identity | null | undefined): string | null {
  if (!identity || hasAdminRole(identity)) return null;
  return identity.user?.username ?? null;
}

/** Output kept per stream of each process. */
const BUFFER_BYTES = 1024 * 1024;
/** Exited processes remembered for list()/output(). */
const KEEP_EXITED = 50;
const STOP_GRACE_MS = 3000;

interface Managed {
  info: ProcessInfo;
  child: ChildProcess;
  buffers: Record<ProcessStream, OutputBuffer>;
  outputListeners: Set<(chunk: OutputChunk) => void>;
  exitListeners: Set<(info: ExitInfo) => void>;
  exited: Promise<ExitInfo>;
}

/**
 * Long-running child processes started by `shell.start`: their output is buffered (the newest
 * 1 MiB per stream), streamed to listeners and posted as ProcessOutputEvent / ProcessExitedEvent.
 * Every process still running is killed when the hub shuts down.
 */
@Injectable()
export class ProcessManager implements OnApplicationShutdown {
  private readonly log = createLogger('Processes');
  private readonly processes = new Map<string, Managed>();

  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  /** Starts a process; rejects when it cannot be spawned (e.g. command not found). */
  async start(options: StartOptions): Promise<ProcessInfo> {
    const id = newId().slice(0, 12);
    const [command, ...args] = options.shell ? ['/bin/sh', '-c', options.argv.join(' ')] : options.argv;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(spawnError(err, command)));
    });
    const managed: Managed = {
      info: {
        id,
        name: options.name ?? options.argv[0],
        pid: child.pid ?? null,
        cmd: options.argv,
        started_at: new Date().toISOString(),
        running: true,
        exit_code: null,
        signal: null,
        owner: options.owner ?? null,
      },
      child,
      buffers: { stdout: new OutputBuffer(BUFFER_BYTES), stderr: new OutputBuffer(BUFFER_BYTES) },
      outputListeners: new Set(),
      exitListeners: new Set(),
      exited: Promise.resolve({ exit_code: null, signal: null }),
    };
    // stdin errors (EPIPE once the child is gone) are reported by write(), not thrown.
    child.stdin?.on('error', () => undefined);
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.on('data', (data: Buffer) => this.onData(managed, stream, data));
    }
    managed.exited = new Promise((resolve) =>
      child.once('close', (code, signal) => resolve(this.markExited(managed, code, signal))),
    );
    this.processes.set(id, managed);
    this.log.info({ id, pid: child.pid, cmd: options.argv[0] }, 'process started');
    return { ...managed.info };
  }

  /** The process, or undefined when unknown (never started, or forgotten long after exiting). */
  get(id: string): ProcessInfo | undefined {
    const managed = this.processes.get(id);
    return managed ? { ...managed.info } : undefined;
  }

  /** Every process, or with `owner` only that user's (what a non-admin may see). */
  list(owner: string | null = null): ProcessInfo[] {
    return [...this.processes.values()]
      .filter((m) => owner === null || m.info.owner === owner)
      .map((m) => ({ ...m.info }));
  }

  /**
   * NotFound unless `identity` may see the process: its owner, or an administrator. Someone
   * else's process answers like a missing one, so ids cannot be probed.
   */
  assertVisible(id: string, identity: Identity | null | undefined): void {
    const owner = ownerOf(identity);
    const managed = this.require(id);
    if (owner !== null && managed.info.owner !== owner) throw HubError.notFound(`Unknown process '${id}'`);
  }

  /** Writes to the process's stdin. NotFound for an unknown id, Conflict once it has exited. */
  async write(id: string, data: string | Buffer): Promise<void> {
    const managed = this.require(id);
    const stdin = managed.child.stdin;
    if (!managed.info.running || !stdin || stdin.destroyed || stdin.writableEnded) {
      throw HubError.conflict(`Process '${id}' has exited`);
    }
    await new Promise<void>((resolve, reject) =>
      stdin.write(data, (err) => (err ? reject(HubError.conflict(`Process '${id}' has exited`)) : resolve())),
    );
  }

  /** Closes the process's stdin (end of input). */
  closeInput(id: string): void {
    this.require(id).child.stdin?.end();
  }

  /** Sends `signal` (default SIGTERM), then SIGKILL if it is still alive after a grace period. */
  async stop(id: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<ExitInfo> {
    const managed = this.require(id);
    if (managed.info.running) {
      managed.child.kill(signal);
      const timer = setTimeout(() => managed.child.kill('SIGKILL'), STOP_GRACE_MS);
      await managed.exited.finally(() => clearTimeout(timer));
    }
    return { exit_code: managed.info.exit_code, signal: managed.info.signal };
  }

  /** The buffered output so far and the stream offset of its first byte. */
  output(id: string, stream: ProcessStream): { data: Buffer; offset: number } {
    return this.require(id).buffers[stream].read();
  }

  onOutput(id: string, listener: (chunk: OutputChunk) => void): () => void {
    const managed = this.require(id);
    managed.outputListeners.add(listener);
    return () => managed.outputListeners.delete(listener);
  }

  /** Called once with the exit status; right away (next tick) if the process has already exited. */
  onExit(id: string, listener: (info: ExitInfo) => void): () => void {
    const managed = this.require(id);
    if (!managed.info.running) {
      let cancelled = false;
      process.nextTick(() => {
        if (!cancelled) listener({ exit_code: managed.info.exit_code, signal: managed.info.signal });
      });
      return () => (cancelled = true);
    }
    managed.exitListeners.add(listener);
    return () => managed.exitListeners.delete(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    const running = [...this.processes.keys()].filter((id) => this.processes.get(id)!.info.running);
    await Promise.all(running.map((id) => this.stop(id)));
  }

  private require(id: string): Managed {
    const managed = this.processes.get(id);
    if (!managed) throw HubError.notFound(`Unknown process '${id}'`);
    return managed;
  }

  private onData(managed: Managed, stream: ProcessStream, data: Buffer): void {
    const buffer = managed.buffers[stream];
    const offset = buffer.total;
    buffer.push(data);
    for (const listener of managed.outputListeners) {
      try {
        listener({ stream, data, offset });
      } catch (err) {
        this.log.error({ err, id: managed.info.id }, 'output listener failed');
      }
    }
    this.bus.post('ProcessOutputEvent', { id: managed.info.id, stream, data: data.toString('utf8') });
  }

  private markExited(managed: Managed, code: number | null, signal: NodeJS.Signals | null): ExitInfo {
    const info: ExitInfo = { exit_code: code, signal };
    Object.assign(managed.info, { running: false, ...info });
    this.log.info({ id: managed.info.id, ...info }, 'process exited');
    for (const listener of managed.exitListeners) {
      try {
        listener(info);
      } catch (err) {
        this.log.error({ err, id: managed.info.id }, 'exit listener failed');
      }
    }
    managed.exitListeners.clear();
    managed.outputListeners.clear();
    this.bus.post('ProcessExitedEvent', { id: managed.info.id, ...info });
    this.forgetOldExited();
    return info;
  }

  private forgetOldExited(): void {
    const exited = [...this.processes.values()].filter((m) => !m.info.running);
    for (const old of exited.slice(0, Math.max(0, exited.length - KEEP_EXITED))) {
      this.processes.delete(old.info.id);
    }
  }
}

/** A spawn failure as a clear 502 (`Command not found: foo`). */
export function spawnError(err: NodeJS.ErrnoException, command: string): HubError {
  const message =
    err.code === 'ENOENT'
      ? `Command not found: ${command}`
      : err.code === 'EACCES'
        ? `Permission denied: ${command}`
        : `Could not start ${command}: ${err.message}`;
  return new HubError(ErrorCode.ActionFailed, message, { cause: err });
}
