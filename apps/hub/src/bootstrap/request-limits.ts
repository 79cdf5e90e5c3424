import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { ErrorCode, HubError, hubErrorBody, jsonTextTooDeep, tooDeepMessage } from '@hub/common';
import type { HostPolicy, HubConfig } from '@hub/config';

/** How often Node checks connections against the request and headers timeouts. */
const TIMEOUT_CHECK_MS = 1000;

/**
 * Server options that bound how long a client may take: the whole request (headers and body),
 * the headers alone, and an idle keep-alive connection. Fastify leaves the first off by default,
 * so a client trickling a body could hold its buffer forever.
 */
export function serverTimeouts(limits: HubConfig['http']['limits']): {
  requestTimeout: number;
  keepAliveTimeout: number;
  http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number };
} {
  const request = limits.request_timeout_seconds * 1000;
  // Node refuses a headers timeout longer than a (non-zero) request timeout.
  const headers =
    request > 0
      ? Math.min(limits.headers_timeout_seconds * 1000, request)
      : limits.headers_timeout_seconds * 1000;
  return {
    requestTimeout: request,
    keepAliveTimeout: limits.keep_alive_timeout_seconds * 1000,
    http: { headersTimeout: headers, requestTimeout: request, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
  };
}

function refuse(reply: FastifyReply, err: HubError): void {
  void reply.code(err.status).headers(err.headers).send(hubErrorBody(err));
}

/**
 * 421 for a Host this hub does not serve (DNS rebinding), before anything else runs: the CSRF
 * and socket.io origin checks compare against Host, so Host must be one of ours.
 */
export function installHostCheck(fastify: FastifyInstance, policy: HostPolicy): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (policy.allows(request.headers.host)) return done();
    const shown = String(request.headers.host ?? '').slice(0, 100);
    refuse(
      reply,
      new HubError(
        ErrorCode.MisdirectedRequest,
        `This hub does not answer for Host '${shown}' (list its names in backend.http.hostnames)`,
      ),
    );
  });
}

/** On a raw request holding a body slot: the client address the slot is counted under. */
const SLOT = Symbol('pendingBodySlot');
type SlotHolder = IncomingMessage & { [SLOT]?: string };

/**
 * Bodies still being received, per client address and in all: a client that opens connections
 * and trickles bodies holds at most `per address` buffers, the hub at most `total` (then 503
 * with Retry-After). A slot is freed as soon as the body has been read (or the client leaves),
 * so ordinary clients, whose bodies arrive in milliseconds, never meet the limit.
 */
export function installPendingBodyLimit(
  fastify: FastifyInstance,
  limits: { perAddress: number; total: number },
): void {
  const byAddress = new Map<string, number>();
  let total = 0;
  const release = (raw: SlotHolder) => {
    const address = raw[SLOT];
    if (address === undefined) return;
    raw[SLOT] = undefined;
    total--;
    const left = (byAddress.get(address) ?? 1) - 1;
    if (left <= 0) byAddress.delete(address);
    else byAddress.set(address, left);
  };
  // Shared listeners, not closures made per request: the request closes once its body is read
  // or the client leaves; the response closes when the answer is sent without reading the body
  // (a webhook refused from its headers).
  function releaseOnRequestClose(this: SlotHolder) {
    release(this);
  }
  function releaseOnResponseClose(this: ServerResponse) {
    release(this.req);
  }

  fastify.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request)) return done();
    const address = request.ip;
    const mine = byAddress.get(address) ?? 0;
    if (mine >= limits.perAddress || total >= limits.total) {
      // The body is not read: close the connection rather than leave it to drain.
      void reply.header('connection', 'close');
      return refuse(
        reply,
        new HubError(ErrorCode.Unavailable, 'Too many request bodies in progress; try again shortly', {
          headers: { 'retry-after': '1' },
        }),
      );
    }
    const raw = request.raw as SlotHolder;
    raw[SLOT] = address;
    total++;
    byAddress.set(address, mine + 1);
    raw.on('close', releaseOnRequestClose);
    reply.raw.on('close', releaseOnResponseClose);
    done();
  });
  // After parsing, before the handler: the body is in memory and the slot is no longer needed.
  fastify.addHook('preValidation', (request, _reply, done) => {
    release(request.raw);
    done();
  });
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/**
 * Fastify's JSON parser, with JSON nested deeper than `maxDepth` refused (400) before parsing:
 * every JSON route (`/execute`, `/cmd`, `/data`, `/api/v1/hooks` ...) gets the same limit.
 */
export function installJsonDepthLimit(fastify: FastifyInstance, maxDepth: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  const { bodyLimit } = fastify.initialConfig;
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request, body, done) => {
      if (jsonTextTooDeep(body, maxDepth)) {
        // statusCode: read by the error mappers as one of Fastify's own 4xx request errors.
        const err = Object.assign(new Error(tooDeepMessage(maxDepth)), { statusCode: 400 });
        return done(err, undefined);
      }
      void parse(request, body as string, done);
    },
  );
}
