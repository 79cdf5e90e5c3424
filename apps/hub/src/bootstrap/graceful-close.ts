import type { FastifyInstance } from 'fastify';

/**
 * Once shutdown has begun, every response says `Connection: close`. Fastify closes keep-alive
 * connections that are idle when it starts closing, but a connection whose request was still
 * running would otherwise stay open after its response and hold the shutdown until the grace
 * period ran out (exit 1 instead of a clean exit 0).
 */
export function closeConnectionsWhenShuttingDown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
