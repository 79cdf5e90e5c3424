import { describe, expect, it } from 'vitest';

import { commandLine, MpdError, parsePair, toRecord, toRecords } from './mpd-protocol';

describe('MPD protocol', () => {
  it('lower-cases keys and keeps raw string values', () => {
    expect(toRecord([parsePair('volume: 50'), parsePair('State: play')])).toEqual({
      volume: '50',
      state: 'play',
    });
  });

  it('cuts songs at each file: and turns repeated keys into lists', () => {
    const pairs = ['file: a.wav', 'Title: A', 'Genre: x', 'Genre: y', 'file: b.wav', 'Title: B'].map(
      parsePair,
    );
    expect(toRecords(pairs, ['file'])).toEqual([
      { file: 'a.wav', title: 'A', genre: ['x', 'y'] },
      { file: 'b.wav', title: 'B' },
    ]);
  });

  it('keeps ": " inside values', () => {
    expect(parsePair('Title: Part 1: The Start')).toEqual(['Title', 'Part 1: The Start']);
  });

  it('parses ACK lines', () => {
    const err = MpdError.parse('ACK [50@0] {play} No such song');
    expect([err.code, err.command, err.message]).toEqual([50, 'play', 'No such song']);
  });

  it('quotes arguments and refuses line breaks (no command injection)', () => {
    expect(commandLine('add', 'a "b"\\c.wav')).toBe('add "a \\"b\\"\\\\c.wav"');
    expect(commandLine('setvol', 40)).toBe('setvol 40');
    expect(() => commandLine('add', 'x\nclear')).toThrow(/line breaks/);
  });
});
