import { Inject, Injectable } from '@nestjs/common';

import type { Identity } from '@hub/auth';
import { type ProcessInfo, ProcessManager } from '@hub/plugins';

import { outputAfter } from './process-output.format';

export type StreamName = 'stdout' | 'stderr';

/** One long-poll answer: the bytes, the offset to ask from next, and whether the process still runs. */
export interface OutputPoll {
  data: Buffer;
  nextOffset: number;
  running: boolean;
}

/** Reading a `shell.start` process's output for `/streams/:id/:stream`, free of the transport. */
@Injectable()
export class ProcessOutputService {
  constructor(@Inject(ProcessManager) private readonly processes: ProcessManager) {}

  /** The process, if it exists and `identity` may see it (its owner, or an administrator); 404 otherwise. */
  require(id: string, identity: Identity): ProcessInfo {
    this.processes.assertVisible(id, identity);
    return this.processes.get(id)!;
  }

  /**
   * Output after `from` if there is some, else the next chunk, the exit, or the timeout,
   * whichever comes first; null when `signal` aborts first (the client went away). Without an
   * offset, gaffer's longpoll answers the next chunk printed (not the backlog).
   */
  longpoll(
    id: string,
    stream: StreamName,
    from: number | null,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<OutputPoll | null> {
    const buffered = outputAfter(this.processes.output(id, stream), from ?? this.endOf(id, stream));
    const end = buffered.offset + buffered.data.length;
    const running = () => this.processes.get(id)?.running ?? false;
    if (buffered.data.length > 0 || !running()) {
      return Promise.resolve({ data: buffered.data, nextOffset: end, running: running() });
    }
    return new Promise((resolve) => {
      const done = (value: OutputPoll | null) => {
        clearTimeout(timer);
        stopOutput();
        stopExit();
        signal.removeEventListener('abort', aborted);
        resolve(value);
      };
      const stopOutput = this.processes.onOutput(id, (chunk) => {
        if (chunk.stream !== stream) return;
        const part = outputAfter(chunk, end);
        done({ data: part.data, nextOffset: part.offset + part.data.length, running: true });
      });
      const stopExit = this.processes.onExit(id, () =>
        done({ data: Buffer.alloc(0), nextOffset: end, running: false }),
      );
      const timer = setTimeout(
        () => done({ data: Buffer.alloc(0), nextOffset: end, running: running() }),
        timeoutMs,
      );
      const aborted = () => done(null);
      if (signal.aborted) return aborted();
      signal.addEventListener('abort', aborted, { once: true });
    });
  }

  /** The offset just past what `stream` has printed so far. */
  private endOf(id: string, stream: StreamName): number {
    const buffered = this.processes.output(id, stream);
    return buffered.offset + buffered.data.length;
  }
}
