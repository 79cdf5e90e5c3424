import { createWriteStream, mkdirSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { newId } from '@hub/common';

import { numberedName } from './upload-names';

/** Counts bytes as they pass; `check` throws to abort the upload (size limits). */
class ByteCounter extends Transform {
  bytes = 0;
  constructor(private readonly check: (chunk: number, total: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    try {
      this.check(chunk.length, this.bytes);
      done(null, chunk);
    } catch (err) {
      done(err as Error);
    }
  }
}

/**
 * The upload directory on disk. Bytes go to a hidden temporary file first (never served: the
 * resource mounts hide dotfiles), which only becomes visible under its final name once complete.
 */
export class UploadStore {
  private constructor(private readonly dir: string) {}

  /** The store over `dir`, created (with its parents) if missing, so uploads can land there from the start. */
  static open(dir: string): UploadStore {
    mkdirSync(dir, { recursive: true });
    return new UploadStore(dir);
  }

  /** Streams `source` into a new temporary file; on any error the file is removed and the error rethrown. */
  async receive(
    source: Readable,
    check: (chunk: number, total: number) => void,
  ): Promise<{ tempPath: string; size: number }> {
    const tempPath = join(this.dir, `.upload-${newId()}.part`);
    const counter = new ByteCounter(check);
    try {
      await pipeline(source, counter, createWriteStream(tempPath, { flags: 'wx' }));
    } catch (err) {
      await this.remove(tempPath);
      throw err;
    }
    return { tempPath, size: counter.bytes };
  }

  /**
   * Moves a complete temporary file to the first free name (`name`, `name-1`, ...). The name is
   * claimed with an exclusive create first, so neither a concurrent upload nor an existing file
   * (or symlink) is ever overwritten.
   */
  async commit(tempPath: string, name: string): Promise<{ name: string; path: string }> {
    for (let attempt = 0; ; attempt++) {
      // Past a thousand namesakes, stop counting and take a random suffix.
      const candidate = numberedName(name, attempt < 1000 ? attempt : newId().slice(0, 8));
      const path = join(this.dir, candidate);
      try {
        await (await open(path, 'wx')).close();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      await rename(tempPath, path);
      return { name: candidate, path };
    }
  }

  async remove(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
  }
}
