/**
 * Process output as Server-Sent Events, gaffer-style: `event: stdout`, one `data:` line per output
 * line, and `id:` = the stream's byte offset after this chunk (so `Last-Event-ID` resumes there).
 */
export function outputSseMessage(stream: string, data: Buffer, nextOffset: number): string {
  const text = data.toString('utf8').replace(/\r?\n$/, '');
  const lines = text.split(/\r?\n/).map((line) => `data: ${line}\n`);
  return `id: ${nextOffset}\nevent: ${stream}\n${lines.join('')}\n`;
}

/** The part of buffered output at or after `from` (a byte offset), with that part's own offset. */
export function outputAfter(
  buffered: { data: Buffer; offset: number },
  from: number | null,
): { data: Buffer; offset: number } {
  if (from === null || from <= buffered.offset) return buffered;
  const skip = Math.min(from - buffered.offset, buffered.data.length);
  return { data: buffered.data.subarray(skip), offset: buffered.offset + skip };
}
