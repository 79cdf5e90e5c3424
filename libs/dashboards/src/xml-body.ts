import type { FastifyInstance, RouteOptions } from 'fastify';

/** A content type only the dashboards routes switch to, so `/execute` and the rest keep answering 415 to XML. */
const DASHBOARD_XML = 'application/x-hub-dashboard-xml';
const XML_TYPES = /^(application|text)\/xml\s*(;|$)/i;

/**
 * PUT and validate take the XML itself as the body (`application/xml` or `text/xml`). Only the
 * `/api/v1/dashboards` routes get that parser: their XML requests are relabelled to a private
 * type whose parser keeps the text. Bootstrap calls it before the routes are registered (`app.init()`).
 */
export function installDashboardXmlBody(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(DASHBOARD_XML, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/v1/dashboards')) return;
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [
      ...existing,
      (request, _reply, done) => {
        const headers = request.raw.headers;
        if (XML_TYPES.test(headers['content-type'] ?? '')) headers['content-type'] = DASHBOARD_XML;
        done();
      },
    ];
  });
}
