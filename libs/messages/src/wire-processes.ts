// Types only (see wire.ts): a managed process as `shell.list` and the process streams describe it.

/** What clients see of a managed process. */
export interface ProcessInfo {
  id: string;
  name: string;
  pid: number | null;
  cmd: string[];
  started_at: string;
  running: boolean;
  exit_code: number | null;
  signal: string | null;
  /** The user who started it when not an administrator: only they (and admins) may see it. */
  owner: string | null;
}
