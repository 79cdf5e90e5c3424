/** MPD's text protocol (https://mpd.readthedocs.io/en/latest/protocol.html): replies and quoting. */

/** One `key: value` line of a reply, key as MPD sent it. */
export type MpdPair = readonly [key: string, value: string];
/** A reply object as platypush returns it: lower-case keys, raw string values, lists for repeats. */
export type MpdRecord = Record<string, string | string[]>;

/** `ACK [error@command_listNum] {current_command} message_text` */
export class MpdError extends Error {
  constructor(
    readonly code: number,
    readonly command: string,
    message: string,
  ) {
    super(message);
  }

  static parse(line: string): MpdError {
    const match = /^ACK \[(\d+)@\d+\] \{([^}]*)\} ?(.*)$/.exec(line);
    if (!match) return new MpdError(0, '', line);
    return new MpdError(Number(match[1]), match[2], match[3] || 'error');
  }
}

/** Splits `key: value`; a line without the separator is a protocol error. */
export function parsePair(line: string): MpdPair {
  const at = line.indexOf(': ');
  if (at <= 0) throw new Error(`MPD sent a line that is not "key: value": ${line.slice(0, 80)}`);
  return [line.slice(0, at), line.slice(at + 2)];
}

/** All pairs as one object (status, currentsong, stats). */
export function toRecord(pairs: readonly MpdPair[]): MpdRecord {
  return toRecords(pairs, [])[0] ?? {};
}

/**
 * Pairs cut into objects, a new one starting at each key in `delimiters` (`file` for songs,
 * `playlist` for playlists), as python-mpd2 (and so platypush) returns them.
 */
export function toRecords(pairs: readonly MpdPair[], delimiters: readonly string[]): MpdRecord[] {
  const records: MpdRecord[] = [];
  let current: MpdRecord = {};
  let empty = true;
  for (const [rawKey, value] of pairs) {
    const key = rawKey.toLowerCase();
    if (!empty && delimiters.includes(key)) {
      records.push(current);
      current = {};
      empty = true;
    }
    const existing = current[key];
    if (existing === undefined) current[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else current[key] = [existing, value];
    empty = false;
  }
  if (!empty) records.push(current);
  return records;
}

/** One argument, quoted: MPD reads `"..."` with `\"` and `\\` escapes. */
export function quote(arg: string | number): string {
  if (typeof arg === 'number') return String(arg);
  if (/[\r\n\0]/.test(arg)) throw new Error('MPD arguments cannot contain line breaks or NUL');
  return `"${arg.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `command arg1 arg2` with every argument quoted. */
export function commandLine(name: string, ...args: Array<string | number>): string {
  return [name, ...args.map(quote)].join(' ');
}
