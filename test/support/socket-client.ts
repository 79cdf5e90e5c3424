import { io, type Socket } from 'socket.io-client';

export interface HubEventMessage {
  type: 'event';
  id: string;
  seq: number;
  origin: string;
  _timestamp: number;
  args: { type: string; [field: string]: unknown };
}

/** Opens a socket.io connection to a hub; rejects with the connect_error (e.g. "Unauthorized"). */
export function connectSocket(
  url: string,
  options: { token?: string; headers?: Record<string, string>; transports?: string[] } = {},
): Promise<Socket> {
  const socket = io(url, {
    path: '/socket.io',
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.headers,
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Collects every `event` a socket receives, and lets a test wait until a condition holds. */
export class EventCollector {
  readonly events: HubEventMessage[] = [];
  private waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  constructor(socket: Socket) {
    socket.on('event', (event: HubEventMessage) => {
      this.events.push(event);
      this.waiters = this.waiters.filter((w) => {
        if (!w.check()) return true;
        w.resolve();
        return false;
      });
    });
  }

  /** Resolves once `count` events (matching `predicate`) have arrived; fails after `timeoutMs`. */
  async waitFor(count: number, predicate: (e: HubEventMessage) => boolean = () => true, timeoutMs = 10_000) {
    const check = () => this.events.filter(predicate).length >= count;
    if (!check()) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${this.events.filter(predicate).length} of ${count} events arrived`)),
          timeoutMs,
        );
        this.waiters.push({
          check,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    return this.events.filter(predicate);
  }
}

/** Resolves when the socket disconnects, with socket.io's reason. */
export function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    if (socket.disconnected) resolve('already disconnected');
    else socket.once('disconnect', (reason) => resolve(reason));
  });
}
