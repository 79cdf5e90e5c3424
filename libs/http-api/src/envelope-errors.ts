import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { describeFailure, failureEnvelope, requestIdOf } from './envelope';

const ENVELOPE_ROUTE = 'hubEnvelope';

/**
 * The route answers every failure with the platypush Response envelope, including failures
 * Fastify detects before any handler runs (malformed JSON, body over the limit, wrong media type).
 */
export const EnvelopeErrors = (): MethodDecorator => RouteConfig({ [ENVELOPE_ROUTE]: true });

function send(reply: FastifyReply, err: unknown, origin: string, body: unknown): void {
  const failure = describeFailure(err);
  void reply
    .status(failure.status)
    .headers(failure.headers)
    .send(failureEnvelope(failure, origin, requestIdOf(body)));
}

/**
 * Gives `@EnvelopeErrors()` routes their own Fastify error handler. Bootstrap calls it before
 * the routes are registered (`app.init()`): an onRoute hook only sees routes added after it.
 */
export function installEnvelopeErrorRoutes(fastify: FastifyInstance, origin: string): void {
  fastify.addHook('onRoute', (route) => {
    if ((route.config as Record<string, unknown> | undefined)?.[ENVELOPE_ROUTE]) {
      route.errorHandler = (err, request, reply) => send(reply, err, origin, request.body);
    }
  });
}

/** Errors thrown by guards and handlers of an envelope route, as the envelope. */
@Catch()
export class EnvelopeExceptionFilter implements ExceptionFilter {
  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    send(
      http.getResponse<FastifyReply>(),
      err,
      this.config.device_id,
      http.getRequest<FastifyRequest>().body,
    );
  }
}
