import { type ChildProcess, spawn } from 'node:child_process';

/** A child process whose stdout is read as JSON lines. */
export interface LineChild {
  child: ChildProcess;
  /** Resolves with the first line (parsed) that satisfies `predicate`, past or future. */
  next(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  kill(): void;
}

export function spawnLineChild(command: string, args: string[]): LineChild {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>);
      buffer = buffer.slice(nl + 1);
    }
    for (const waiter of waiters) waiter();
  });
  return {
    child,
    next: (predicate, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find(predicate);
          if (!line) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(line);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`child never printed the expected line; got ${JSON.stringify(lines)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
