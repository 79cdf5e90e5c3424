import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

import { Inject } from '@nestjs/common';
import { z } from 'zod';

import { ErrorCode, HubError } from '@hub/common';

import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext } from '../../plugin-context';
import { splitCommandLine } from './command-line';
import { ownerOf, ProcessManager, spawnError } from './process-manager';

/** `shell:` section of config.yaml. */
export const shellConfigSchema = z.strictObject({
  /** Allow `shell: true` (run through /bin/sh, with pipes and expansion). */
  allow_shell: z.boolean().default(true),
  /** Default seconds `shell.exec` waits before killing the command. */
  timeout_seconds: z.number().positive().default(30),
  /** Bytes of stdout and of stderr `shell.exec` returns; the rest is dropped (`truncated: true`). */
  max_output_bytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Working directory when a call gives none (relative to the data directory). Default: workdir. */
  cwd: z.string().min(1).nullable().default(null),
});
type ShellOptions = z.output<typeof shellConfigSchema>;

const cmd = z.union([z.string().min(1), z.array(z.string()).min(1)]);
const common = {
  cmd: cmd.describe('argv (list), or a command line split into words (no shell unless shell: true)'),
  cwd: z.string().min(1).optional().describe('working directory'),
  shell: z.boolean().optional().describe('run through /bin/sh -c (pipes, globs, variables)'),
  env: z.record(z.string(), z.string()).optional().describe('extra environment variables'),
};

const execArgs = z.strictObject({
  ...common,
  timeout: z.number().positive().optional().describe('seconds before the command is killed'),
  input: z.string().optional().describe('written to stdin, then stdin is closed'),
});
const execResult = z.object({
  exit_code: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.boolean().optional(),
});
const processInfo = z.object({
  id: z.string(),
  name: z.string(),
  pid: z.number().nullable(),
  cmd: z.array(z.string()),
  started_at: z.string(),
  running: z.boolean(),
  exit_code: z.number().nullable(),
  signal: z.string().nullable(),
  owner: z.string().nullable().describe('the user who started it, when not an administrator'),
});
const SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;

/** Runs commands on the hub's machine. Off unless `shell: {enabled: true}` is in config.yaml. */
@Plugin({
  name: 'shell',
  doc: 'Run commands on the hub machine: one-shot (exec) or long-running (start/list/stop/write).',
  config: shellConfigSchema,
  enabledByDefault: false,
  // Running commands is running anything as the hub's account.
  role: 'admin',
})
export class ShellPlugin {
  constructor(@Inject(ProcessManager) private readonly processes: ProcessManager) {}

  @Action({
    doc: 'Run a command and wait for it: {exit_code, stdout, stderr}. A non-zero exit is an error.',
    args: execArgs,
    returns: execResult,
    // The command's own `timeout` (default from config) governs; this is only the outer bound.
    timeoutSeconds: 24 * 3600,
  })
  async exec(args: z.output<typeof execArgs>, ctx: ActionContext<ShellOptions>) {
    const argv = this.argv(args, ctx.options);
    const cwd = this.cwd(args.cwd, ctx);
    const timeout = args.timeout ?? ctx.options.timeout_seconds;
    const limit = ctx.options.max_output_bytes;
    const [command, ...rest] = args.shell ? ['/bin/sh', '-c', argv[0]] : argv;

    const child = spawn(command, rest, {
      cwd,
      env: args.env ? { ...process.env, ...args.env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const size = { stdout: 0, stderr: 0 };
    let truncated = false;
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (chunk: Buffer) => {
        const room = limit - size[stream];
        if (room <= 0) return void (truncated = true);
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        if (part !== chunk) truncated = true;
        out[stream].push(part);
        size[stream] += part.length;
      });
    }
    child.stdin.on('error', () => undefined);
    child.stdin.end(args.input ?? '');

    let timedOut = false;
    const kill = () => child.kill('SIGKILL');
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeout * 1000);
    ctx.signal.addEventListener('abort', kill, { once: true });
    try {
      const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>(
        (res, rej) => {
          child.once('error', (err) => rej(spawnError(err, command)));
          child.once('close', (c, s) => res({ code: c, signal: s }));
        },
      );
      const result = {
        exit_code: code ?? -1,
        stdout: Buffer.concat(out.stdout).toString('utf8'),
        stderr: Buffer.concat(out.stderr).toString('utf8'),
        ...(truncated ? { truncated } : {}),
      };
      if (timedOut) {
        throw new HubError(ErrorCode.Timeout, `Command '${argv[0]}' timed out after ${timeout} s`);
      }
      if (code !== 0) {
        const reason = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
        const tail = result.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
        throw new HubError(
          ErrorCode.ActionFailed,
          `Command '${argv[0]}' ${reason}${tail ? `: ${tail}` : ''}`,
        );
      }
      return result;
    } finally {
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', kill);
    }
  }

  @Action({
    doc: 'Start a long-running command; follow it with shell.list, shell.write, shell.stop and /streams/:id.',
    args: z.strictObject({ ...common, name: z.string().min(1).max(100).optional() }),
    returns: z.object({ id: z.string(), pid: z.number().nullable() }),
  })
  async start(
    args: {
      cmd: string | string[];
      cwd?: string;
      shell?: boolean;
      env?: Record<string, string>;
      name?: string;
    },
    ctx: ActionContext<ShellOptions>,
  ) {
    const info = await this.processes.start({
      argv: this.argv(args, ctx.options),
      shell: args.shell,
      cwd: this.cwd(args.cwd, ctx),
      env: args.env,
      name: args.name,
      owner: ownerOf(ctx.caller.identity),
    });
    return { id: info.id, pid: info.pid };
  }

  @Action({
    doc: 'Processes started with shell.start (running, and recently exited).',
    args: z.strictObject({}),
    returns: z.array(processInfo),
  })
  list(_args: unknown, ctx: ActionContext) {
    return this.processes.list(ownerOf(ctx.caller.identity));
  }

  @Action({
    doc: 'Stop a process (SIGTERM, then SIGKILL after 3 s) and return how it ended.',
    args: z.strictObject({ id: z.string().min(1), signal: z.enum(SIGNALS).optional() }),
    returns: z.object({ exit_code: z.number().nullable(), signal: z.string().nullable() }),
  })
  stop(args: { id: string; signal?: (typeof SIGNALS)[number] }, ctx: ActionContext) {
    this.processes.assertVisible(args.id, ctx.caller.identity);
    return this.processes.stop(args.id, args.signal);
  }

  @Action({
    doc: "Write text to a process's stdin; `eof: true` closes stdin afterwards.",
    args: z.strictObject({ id: z.string().min(1), data: z.string(), eof: z.boolean().optional() }),
    returns: z.object({ success: z.literal(true) }),
  })
  async write(args: { id: string; data: string; eof?: boolean }, ctx: ActionContext) {
    this.processes.assertVisible(args.id, ctx.caller.identity);
    await this.processes.write(args.id, args.data);
    if (args.eof) this.processes.closeInput(args.id);
  }

  private argv(args: { cmd: string | string[]; shell?: boolean }, options: ShellOptions): string[] {
    if (args.shell) {
      if (!options.allow_shell) {
        throw HubError.badRequest('shell: true is not allowed (shell.allow_shell is false in config.yaml)');
      }
      return [Array.isArray(args.cmd) ? args.cmd.join(' ') : args.cmd];
    }
    if (Array.isArray(args.cmd)) {
      if (args.cmd[0] === '') throw HubError.badRequest('cmd: the command name is empty', ['cmd.0: empty']);
      return args.cmd;
    }
    return splitCommandLine(args.cmd);
  }

  private cwd(requested: string | undefined, ctx: ActionContext<ShellOptions>): string {
    const base = ctx.options.cwd ? resolve(ctx.paths.workdir, ctx.options.cwd) : ctx.paths.workdir;
    const cwd = requested ? (isAbsolute(requested) ? requested : resolve(base, requested)) : base;
    let isDir = false;
    try {
      isDir = statSync(cwd).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw HubError.badRequest(`cwd: no such directory: ${cwd}`, [`cwd: no such directory`]);
    return cwd;
  }
}
