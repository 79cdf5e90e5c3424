import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

import { hubErrorBody, isHubError } from '@hub/common';

import type { WebhookService } from './webhook.service';

/** Route config flag (`@RouteConfig(WEBHOOK_ROUTE)`) for routes that need the raw body. */
export const WEBHOOK_ROUTE = { hubWebhook: true } as const;

/** The content type every webhook body is parsed as: the raw bytes, whatever the caller sent. */
const RAW_TYPE = 'application/x-hub-webhook-raw';
const ORIGINAL_TYPE = Symbol('hub.webhook.contentType');

type WebhookRequest = FastifyRequest & { [ORIGINAL_TYPE]?: string };

/**
 * Webhooks need the exact bytes (HMAC signatures are over the raw body) and must accept any
 * content type. For the flagged routes only, the request's content type is swapped for a
 * private one whose parser keeps the bytes; the original stays readable via
 * `originalContentType()`. Other routes keep the normal JSON/text parsers and their 415s.
 * `precheck` runs first, on the headers alone: what it refuses (404, 405, 401) is answered
 * before the body is read. Bootstrap calls it before the routes are registered (Nest registers
 * them in `app.init()`): an onRoute hook only sees routes added after it.
 */
export function installWebhookBodyCapture(
  fastify: FastifyInstance,
  webhooks: Pick<WebhookService, 'precheck'>,
): void {
  const precheck = (request: FastifyRequest) =>
    webhooks.precheck({
      name: (request.params as { name: string }).name,
      method: request.method,
      headers: request.headers,
      query: (request.query ?? {}) as Record<string, unknown>,
    });
  fastify.addContentTypeParser(RAW_TYPE, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if ((route.config as { hubWebhook?: boolean } | undefined)?.hubWebhook !== true) return;
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [
      ...existing,
      (request, reply, done) => {
        try {
          precheck(request);
        } catch (err) {
          if (!isHubError(err)) return done(err as Error);
          // The body stays unread: the connection is closed rather than drained.
          void reply
            .code(err.status)
            .headers({ ...err.headers, connection: 'close' })
            .send(hubErrorBody(err));
          return;
        }
        const headers = request.raw.headers;
        (request as WebhookRequest)[ORIGINAL_TYPE] = headers['content-type'];
        headers['content-type'] = RAW_TYPE;
        done();
      },
    ];
  });
}

export function originalContentType(request: FastifyRequest): string | undefined {
  return (request as WebhookRequest)[ORIGINAL_TYPE];
}
