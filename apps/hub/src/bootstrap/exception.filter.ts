import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { createLogger, describeError, RedirectSignal } from '@hub/common';
import type { ErrorBody } from '@hub/messages';

const log = createLogger('Errors');

/** Maps any error to `{code, error, message}` plus the status; unknown errors become a generic 500. */
export function toErrorBody(err: unknown): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  const { status, error, message, headers } = describeError(err);
  return { status, body: { code: status, error, message }, headers };
}

/** Logs unexpected errors with their stack; clients only ever see the message of expected ones. */
function logIfUnexpected(err: unknown, request?: { method?: string; url?: string }): void {
  if (err instanceof RedirectSignal || describeError(err).expected) return;
  log.error({ err, method: request?.method, route: request?.url?.split('?')[0] }, 'unhandled error');
}

@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (err instanceof RedirectSignal) {
      void reply.redirect(err.location, err.status);
      return;
    }
    logIfUnexpected(err, request);
    const { status, body, headers } = toErrorBody(err);
    void reply.status(status).headers(headers).send(body);
  }
}
