import { HubError } from '@hub/common';

/**
 * The actions whose `cmd` is a command line. In automation steps a string `cmd` of these is split
 * into words before `${...}` is substituted (each value stays one argument), see
 * libs/automation's command-template.ts.
 */
export const COMMAND_LINE_ACTIONS: ReadonlySet<string> = new Set(['shell.exec', 'shell.start']);

/**
 * Splits a command string into argv the way a POSIX shell would for plain words and quotes
 * (`'...'`, `"..."`, backslash escapes), without any expansion: no variables, globs, pipes or
 * redirections. Used when a string command runs without `shell: true`.
 */
export function splitCommandLine(line: string): string[] {
  const argv: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) current += line[++i];
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw HubError.badRequest(`cmd: unterminated ${quote} quote`, [`cmd: unterminated quote`]);
  if (inWord) argv.push(current);
  if (argv.length === 0) throw HubError.badRequest('cmd: empty command', ['cmd: empty command']);
  return argv;
}
