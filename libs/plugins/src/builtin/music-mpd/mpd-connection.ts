import { connect, type Socket } from 'node:net';

import { MpdError, type MpdPair, parsePair } from './mpd-protocol';

interface Pending {
  line: string;
  pairs: MpdPair[];
  resolve(pairs: MpdPair[]): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout | null;
}

/** A reply larger than this means something is wrong (MPD's own default limit is 8 MiB). */
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

/**
 * One TCP connection to MPD. Commands are written as they come and answered in order (MPD
 * replies strictly in sequence), so callers queue on one socket without waiting for each other.
 * Any protocol surprise or timeout destroys the socket: its state is unknown afterwards.
 */
export class MpdConnection {
  private readonly queue: Pending[] = [];
  private buffer = '';
  private bytes = 0;
  private closed = false;
  private readonly closeListeners = new Set<(err: Error | null) => void>();
  /** Set once the greeting `OK MPD <version>` arrived. */
  version = '';

  private constructor(private readonly socket: Socket) {}

  /** Connects and waits for MPD's greeting. */
  static open(host: string, port: number, timeoutMs: number): Promise<MpdConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      socket.setEncoding('utf8');
      const connection = new MpdConnection(socket);
      const timer = setTimeout(
        () => fail(new Error(`no greeting from MPD within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (err: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      const onGreeting = (data: string) => {
        connection.buffer += data;
        const nl = connection.buffer.indexOf('\n');
        if (nl < 0) return;
        const greeting = connection.buffer.slice(0, nl);
        connection.buffer = connection.buffer.slice(nl + 1);
        socket.off('data', onGreeting);
        socket.off('error', fail);
        clearTimeout(timer);
        if (!greeting.startsWith('OK MPD ')) {
          socket.destroy();
          reject(new Error(`not an MPD server (it said ${JSON.stringify(greeting.slice(0, 60))})`));
          return;
        }
        connection.version = greeting.slice(7);
        connection.attach();
        resolve(connection);
      };
      socket.on('data', onGreeting);
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends one command line; resolves with the reply's pairs (rejects with MpdError on ACK). */
  command(line: string, timeoutMs: number | null = 10_000): Promise<MpdPair[]> {
    if (this.closed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { line, pairs: [], resolve, reject, timer: null };
      if (timeoutMs !== null) {
        pending.timer = setTimeout(
          () => this.destroy(new Error(`MPD did not answer '${line.split(' ')[0]}' within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }
      this.queue.push(pending);
      this.socket.write(`${line}\n`);
    });
  }

  /** Writes a line that gets no reply of its own (`noidle` ends the pending `idle`). */
  write(line: string): void {
    if (!this.closed) this.socket.write(`${line}\n`);
  }

  onClose(listener: (err: Error | null) => void): void {
    this.closeListeners.add(listener);
  }

  close(): void {
    if (this.closed) return;
    this.socket.end('close\n');
    this.destroy(null);
  }

  private attach(): void {
    this.socket.on('data', (data: string) => this.onData(data));
    this.socket.on('error', (err) => this.destroy(err));
    this.socket.on('close', () => this.destroy(new Error('MPD closed the connection')));
    if (this.buffer) this.onData('');
  }

  private onData(data: string): void {
    this.buffer += data;
    this.bytes += data.length;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      const head = this.queue[0];
      if (!head) return this.destroy(new Error(`unexpected line from MPD: ${line.slice(0, 80)}`));
      if (line === 'OK') {
        this.finish(head);
        head.resolve(head.pairs);
      } else if (line.startsWith('ACK ')) {
        this.finish(head);
        head.reject(MpdError.parse(line));
      } else {
        try {
          head.pairs.push(parsePair(line));
        } catch (err) {
          return this.destroy(err as Error);
        }
      }
    }
    if (this.bytes > MAX_REPLY_BYTES) this.destroy(new Error('MPD reply too large'));
  }

  private finish(head: Pending): void {
    this.queue.shift();
    if (head.timer) clearTimeout(head.timer);
    this.bytes = this.buffer.length;
  }

  private destroy(err: Error | null): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    for (const pending of this.queue.splice(0)) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.reject(err ?? new Error('connection closed'));
    }
    for (const listener of this.closeListeners) listener(err);
  }
}
