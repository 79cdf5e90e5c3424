/**
 * Log lines for people: what a terminal shows instead of pino's JSON. Redaction has already
 * happened (pino formats the JSON first, this only re-renders it), so nothing secret gets in.
 */

export type LogFormat = 'auto' | 'pretty' | 'json';

/** `auto` means pretty on a terminal and JSON for everything else (files, journald, pipes). */
export function resolveLogFormat(format: LogFormat, isTty: boolean): 'pretty' | 'json' {
  if (format === 'auto') return isTty ? 'pretty' : 'json';
  return format;
}

/** Colours unless NO_COLOR is set (https://no-color.org) or the output is not a terminal. */
export function useColours(isTty: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return isTty;
}

const LEVELS: Record<number, { label: string; colour: string }> = {
  10: { label: 'TRACE', colour: '90' },
  20: { label: 'DEBUG', colour: '36' },
  30: { label: 'INFO ', colour: '32' },
  40: { label: 'WARN ', colour: '33' },
  50: { label: 'ERROR', colour: '31' },
  60: { label: 'FATAL', colour: '35;1' },
};

/** Fields shown in the line's fixed parts rather than as `key=value`. */
const FIXED = new Set(['level', 'time', 'context', 'msg', 'err']);

function paint(text: string, code: string, colours: boolean): string {
  return colours ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function clock(epochMs: unknown): string {
  const date = typeof epochMs === 'number' ? new Date(epochMs) : new Date();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function fieldValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * `12:00:01.234 INFO  [Auth] login failed username=owner reason=wrong_password`, with an error's
 * stack on the lines below. A line that is not pino JSON is passed through unchanged.
 */
export function prettyLogLine(json: string, colours: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = LEVELS[entry.level as number] ?? { label: String(entry.level).padEnd(5), colour: '0' };
  const parts = [paint(clock(entry.time), '90', colours), paint(level.label, level.colour, colours)];
  if (typeof entry.context === 'string') parts.push(paint(`[${entry.context}]`, '90', colours));
  if (entry.msg !== undefined) parts.push(typeof entry.msg === 'string' ? entry.msg : fieldValue(entry.msg));
  const fields = Object.entries(entry)
    .filter(([key]) => !FIXED.has(key))
    .map(([key, value]) => `${paint(key, '90', colours)}=${fieldValue(value)}`);
  let line = [...parts, ...fields].join(' ');
  const err = entry.err as { message?: string; stack?: string } | undefined;
  if (err && typeof err === 'object') {
    const stack = err.stack ?? err.message ?? JSON.stringify(err);
    line += `\n${paint(stack.replace(/^/gm, '    '), '90', colours)}`;
  }
  return `${line}\n`;
}

/** A pino destination that writes pretty lines to `out` (synchronously: a terminal is slow anyway). */
export function prettyDestination(
  out: { write(text: string): unknown },
  colours: boolean,
): { write(json: string): void } {
  return { write: (json) => void out.write(prettyLogLine(json.trimEnd(), colours)) };
}
