import { describe, expect, it } from 'vitest';

import { OutputBuffer } from './output-buffer';

describe(OutputBuffer.name, () => {
  it('keeps everything while under capacity, from offset 0', () => {
    const buf = new OutputBuffer(10);
    buf.push(Buffer.from('abc'));
    buf.push(Buffer.from('def'));
    expect(buf.read()).toEqual({ data: Buffer.from('abcdef'), offset: 0 });
  });

  it('drops the oldest bytes past capacity and reports where the kept part starts', () => {
    const buf = new OutputBuffer(4);
    buf.push(Buffer.from('abc'));
    buf.push(Buffer.from('defgh'));
    const { data, offset } = buf.read();
    expect(data.toString()).toBe('efgh');
    expect(offset).toBe(4);
    expect(buf.total).toBe(8);
  });
});
