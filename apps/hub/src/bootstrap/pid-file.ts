import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<workdir>/hub.pid` while a hub serves from that workdir (`npx hub restore` refuses then). */
export const PID_FILE = 'hub.pid';

/** Writes this process's pid; returns the function that removes it again (if still ours). */
export function writePidFile(workdir: string, pid = process.pid): () => void {
  mkdirSync(workdir, { recursive: true, mode: 0o700 });
  const path = join(workdir, PID_FILE);
  writeFileSync(path, `${pid}\n`, { mode: 0o644 });
  return () => {
    if (pidIn(path) === pid) rmSync(path, { force: true });
  };
}

function pidIn(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The pid of a live hub on this workdir, or null (no file, or left behind by a crashed hub). */
export function runningHubPid(workdir: string): number | null {
  const pid = pidIn(join(workdir, PID_FILE));
  if (pid === null) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive, but another user's process.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
