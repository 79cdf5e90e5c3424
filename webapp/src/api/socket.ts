import { io, type Socket } from 'socket.io-client';
import { bearerToken } from './credentials';

/**
 * The page's one socket.io connection (api.md §5): events, process output and live state all
 * share it. Same origin, so the session cookie rides along; a token page sends its token.
 * socket.io reconnects by itself after a network drop or a hub restart.
 */
let socket: Socket | null = null;

export function hubSocket(): Socket {
  socket ??= io({
    path: '/socket.io',
    auth: (cb) => {
      const token = bearerToken();
      cb(token ? { token } : {});
    },
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  });
  return socket;
}

/** emit() with an ack as a promise; rejects when no ack arrives in time. */
export function emitWithAck<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return hubSocket().timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}
