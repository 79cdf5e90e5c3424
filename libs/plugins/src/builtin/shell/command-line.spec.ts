import { describe, expect, it } from 'vitest';

import { splitCommandLine } from './command-line';

describe('splitCommandLine', () => {
  it('splits plain words on any whitespace', () => {
    expect(splitCommandLine('  ls   -la\t/tmp ')).toEqual(['ls', '-la', '/tmp']);
  });

  it('keeps quoted text together and drops the quotes', () => {
    expect(splitCommandLine(`echo 'a  b' "c d" e"f g"`)).toEqual(['echo', 'a  b', 'c d', 'ef g']);
  });

  it('does no shell expansion', () => {
    expect(splitCommandLine('echo $HOME *.ts | wc')).toEqual(['echo', '$HOME', '*.ts', '|', 'wc']);
  });

  it('honours backslash escapes', () => {
    expect(splitCommandLine('echo a\\ b "q\\"x"')).toEqual(['echo', 'a b', 'q"x']);
  });

  it('refuses an unterminated quote and an empty command', () => {
    expect(() => splitCommandLine("echo 'oops")).toThrow(/unterminated/);
    expect(() => splitCommandLine('   ')).toThrow(/empty command/);
  });
});
