import type { Identity } from '@hub/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { LiveConnections } from '../live-connections';

export interface HttpStreamOptions {
  contentType: string;
  /** Seconds between heartbeats; null: none. */
  heartbeatSeconds: number | null;
  /** What a heartbeat writes: an SSE comment, or a blank line. */
  heartbeat: string;
  /** Writes the client may leave unread before it is dropped. */
  queueLimit: number;
  identity: Identity;
  connections: LiveConnections;
  log: Logger;
}

/** A long-lived streaming HTTP response. */
export interface HttpStream {
  write(chunk: string | Buffer): void;
  end(): void;
  /** Runs once the stream is over, whoever ended it. */
  onClose(listener: () => void): void;
}

/**
 * Takes the response over from Fastify and streams on the raw connection. Headers Fastify hooks
 * already set (CORS) are kept. A client that stops reading is dropped once `queueLimit` writes
 * wait unsent, so it never holds more than that in memory; a client that goes away, a revoked
 * credential and shutdown all end the stream and run the close listeners.
 */
export function openHttpStream(
  request: FastifyRequest,
  reply: FastifyReply,
  options: HttpStreamOptions,
): HttpStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': options.contentType,
    'cache-control': 'no-cache, no-transform',
    // Reverse proxies (nginx) would otherwise buffer the stream.
    'x-accel-buffering': 'no',
    // A long-lived stream's connection is not worth keeping alive after it; closing it also
    // means shutdown never waits on it.
    connection: 'close',
  });
  res.flushHeaders();

  const listeners: Array<() => void> = [];
  let closed = false;
  let unsentWrites = 0;
  const close = () => {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    removeConnection();
    for (const listener of listeners) listener();
  };
  const removeConnection = options.connections.add({
    identity: options.identity,
    close: (reason) => {
      options.log.info({ url: request.url.split('?')[0], reason }, 'closing a live HTTP stream');
      res.end();
      close();
    },
  });
  res.on('close', close);
  res.on('drain', () => (unsentWrites = 0));

  const write = (chunk: string | Buffer) => {
    if (closed) return;
    if (res.write(chunk)) return;
    if (++unsentWrites > options.queueLimit) {
      options.log.warn(
        { url: request.url.split('?')[0], queued: unsentWrites },
        'HTTP stream client is not reading: disconnected (client_queue_limit)',
      );
      res.destroy();
      close();
    }
  };
  const timer =
    options.heartbeatSeconds !== null
      ? setInterval(() => write(options.heartbeat), options.heartbeatSeconds * 1000)
      : null;
  timer?.unref();

  return {
    write,
    end: () => {
      res.end();
      close();
    },
    onClose: (listener) => {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
