import { type ChildProcess, spawn } from 'node:child_process';

export interface PtyChild {
  child: ChildProcess;
  /** Everything the program wrote to its terminal so far (`\r\n` line ends, as a terminal gets). */
  output(): string;
  /** Resolves once the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Types Ctrl-C into the terminal (SIGINT to the program, as a person would stop it). */
  interrupt(): void;
  exited: Promise<number | null>;
}

/** The test runner's own NO_COLOR / FORCE_COLOR must not decide what the program under test does. */
function withoutColourSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...rest } = env;
  return rest;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs a command on a pseudo-terminal with util-linux `script`, so the program sees a TTY on
 * stdout (isatty) exactly as under a person's terminal. `script` runs the command with `$SHELL -c`
 * (dash when SHELL is unset, as in CI); `exec` makes the program the terminal's foreground process
 * itself, so Ctrl-C reaches only the program and not a waiting shell that would die of it (exit 130).
 */
export function spawnOnPty(command: string[], cwd: string, env: NodeJS.ProcessEnv = {}): PtyChild {
  const child = spawn('script', ['-qfec', `exec ${command.map(shellQuote).join(' ')}`, '/dev/null'], {
    cwd,
    env: { ...withoutColourSettings(process.env), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    interrupt: () => child.stdin.write('\u0003'),
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(out)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(out);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} on the terminal; got:\n${out}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
