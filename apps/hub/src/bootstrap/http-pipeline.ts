import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

import { installWebhookBodyCapture, WebhookService } from '@hub/automation';
import { createLogger, redactUrl } from '@hub/common';
import { corsOptions, HostPolicy, type HubConfig } from '@hub/config';
import { installDashboardXmlBody } from '@hub/dashboards';
import { installEnvelopeErrorRoutes } from '@hub/http-api';
import { HubMetrics, installHttpMetrics } from '@hub/metrics';

import { GlobalExceptionFilter } from './exception.filter';
import { closeConnectionsWhenShuttingDown } from './graceful-close';
import { installHostCheck, installJsonDepthLimit, installPendingBodyLimit } from './request-limits';

/**
 * Everything installed on Fastify before the routes exist, in one place and in order. It runs
 * after Nest built the modules and before `app.init()` registers the routes (an onRoute hook
 * only sees routes added after it); no lib installs hooks on its own.
 */
export async function installHttpPipeline(app: NestFastifyApplication, config: HubConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // First: a request for a Host that is not ours, or one body too many, goes no further.
  installHostCheck(fastify, new HostPolicy(config.http));
  installPendingBodyLimit(fastify, {
    perAddress: config.http.limits.max_pending_bodies_per_address,
    total: config.http.limits.max_pending_bodies,
  });
  await app.register(fastifyCookie as never);
  // Parses only multipart bodies; limits are set per request by POST /upload.
  await app.register(fastifyMultipart as never);
  // /hook/:name gets its raw body whatever the content type (HMAC is over the exact bytes), and
  // what its headers alone refuse is answered before the body is read.
  installWebhookBodyCapture(fastify, app.get(WebhookService));
  // PUT and validate of /api/v1/dashboards take the XML itself as the body.
  installDashboardXmlBody(fastify);
  // /execute, /cmd, /data answer Fastify's own failures (bad JSON, too large) as a Response envelope.
  installEnvelopeErrorRoutes(fastify, config.device_id);
  const cors = corsOptions(config.http.cors);
  if (cors) app.enableCors(cors);
  if (config.logging.requests) installRequestLog(fastify);
  installHttpMetrics(fastify, app.get(HubMetrics));
  closeConnectionsWhenShuttingDown(fastify);
  app.useGlobalFilters(new GlobalExceptionFilter());
}

/** After `app.init()`: Nest registers its JSON parser there, and the depth-limited one replaces it. */
export function installHttpPipelineAfterInit(app: NestFastifyApplication, config: HubConfig): void {
  installJsonDepthLimit(app.getHttpAdapter().getInstance(), config.http.limits.max_json_depth);
}

function installRequestLog(fastify: FastifyInstance): void {
  const log = createLogger('HTTP');
  fastify.addHook('onResponse', (request, reply, done) => {
    log.info({
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    done();
  });
}
