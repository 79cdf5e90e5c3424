import { writeFileSync } from 'node:fs';

export interface WavTags {
  title?: string;
  artist?: string;
  album?: string;
}

/**
 * Writes a mono 16-bit 8 kHz sine-wave WAV of `seconds`, tagged in a RIFF LIST/INFO chunk
 * (INAM title, IART artist, IPRD album), which MPD reads as Title/Artist/Album.
 */
export function writeTaggedWav(path: string, seconds: number, tags: WavTags, frequency = 440): void {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / rate) * 8000), i * 2);
  }
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(1, 2); // mono
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * 2, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const info = [
    ['INAM', tags.title],
    ['IART', tags.artist],
    ['IPRD', tags.album],
  ]
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([id, value]) => chunk(id, Buffer.from(`${value}\0`, 'utf8')));
  const list = info.length ? [chunk('LIST', Buffer.concat([Buffer.from('INFO'), ...info]))] : [];
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), chunk('data', data), ...list]);
  writeFileSync(path, Buffer.concat([Buffer.from('RIFF'), u32(body.length), body]));
}

function chunk(id: string, payload: Buffer): Buffer {
  const pad = payload.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([Buffer.from(id, 'ascii'), u32(payload.length), payload, pad]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
