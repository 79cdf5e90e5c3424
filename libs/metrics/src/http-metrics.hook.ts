import type { FastifyInstance } from 'fastify';

import type { HubMetrics } from './hub-metrics';

/**
 * Counts and times every HTTP request by its route pattern (`request.routeOptions.url`, e.g.
 * `/hook/:name`), never by the raw URL. On the hot path: one Map lookup and two increments.
 */
export function installHttpMetrics(fastify: FastifyInstance, metrics: HubMetrics): void {
  if (!metrics.enabled) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequestDone(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
