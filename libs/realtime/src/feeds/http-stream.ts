import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Identity } from '@hub/auth';
import { createLogger } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { LiveConnections } from '../live-connections';

export interface HttpStreamOptions {
  /** Server-sent events (`text/event-stream`, comment heartbeats) or a plain stream. */
  sse: boolean;
  /** Content-Type of the plain stream (NDJSON for events, text for process output). */
  plainContentType: string;
  /** Seconds between heartbeats (an SSE comment, or a blank line); null: none. */
  heartbeatSeconds: number | null;
  identity: Identity;
}

/** A long-lived streaming HTTP response. */
export interface HttpStream {
  write(chunk: string | Buffer): void;
  end(): void;
  /** Runs once the stream is over, whoever ended it. */
  onClose(listener: () => void): void;
}

/** Opens the long-lived HTTP responses of the event feeds and process streams. */
@Injectable()
export class HttpStreams {
  private readonly log = createLogger('HttpStreams');

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(LiveConnections) private readonly connections: LiveConnections,
  ) {}

  /**
   * Takes the response over from Fastify and streams on the raw connection. Headers Fastify hooks
   * already set (CORS) are kept. A client that stops reading is dropped once
   * `events.client_queue_limit` writes wait unsent, so it never holds more than that in memory; a
   * client that goes away, a revoked credential and shutdown all end the stream and run the
   * close listeners.
   */
  open(request: FastifyRequest, reply: FastifyReply, options: HttpStreamOptions): HttpStream {
    return openStream(
      request,
      reply,
      options,
      this.config.events.client_queue_limit,
      this.connections,
      this.log,
    );
  }
}

function openStream(
  request: FastifyRequest,
  reply: FastifyReply,
  options: HttpStreamOptions,
  queueLimit: number,
  connections: LiveConnections,
  log: ReturnType<typeof createLogger>,
): HttpStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': options.sse ? 'text/event-stream; charset=utf-8' : options.plainContentType,
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
  const removeConnection = connections.add({
    identity: options.identity,
    close: (reason) => {
      log.info({ url: request.url.split('?')[0], reason }, 'closing a live HTTP stream');
      res.end();
      close();
    },
  });
  res.on('close', close);
  res.on('drain', () => (unsentWrites = 0));

  const write = (chunk: string | Buffer) => {
    if (closed) return;
    if (res.write(chunk)) return;
    if (++unsentWrites > queueLimit) {
      log.warn(
        { url: request.url.split('?')[0], queued: unsentWrites },
        'HTTP stream client is not reading: disconnected (client_queue_limit)',
      );
      res.destroy();
      close();
    }
  };
  const heartbeat = options.sse ? ':heartbeat\n\n' : '\n';
  const timer =
    options.heartbeatSeconds !== null
      ? setInterval(() => write(heartbeat), options.heartbeatSeconds * 1000)
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
