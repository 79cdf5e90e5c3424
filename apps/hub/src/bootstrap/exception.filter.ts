import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import {
  createLogger,
  databaseUnavailableError,
  HubError,
  hubErrorBody,
  isDatabaseUnavailable,
  isHubError,
  RedirectSignal,
} from '@hub/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

const log = createLogger('Errors');

export interface ErrorBody {
  code: number;
  error: string;
  message: string;
}

/** Maps any error to `{code, error, message}` plus the status; unknown errors become a generic 500. */
export function toErrorBody(err: unknown): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  err = databaseUnavailableError(err) ?? err;
  if (isHubError(err)) {
    return {
      status: err.status,
      body: hubErrorBody(err),
      headers: err.headers,
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const detail = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message =
      typeof detail === 'string' ? detail : Array.isArray(detail) ? detail.join('; ') : err.message;
    return { status, body: { code: status, error: statusName(status), message }, headers: {} };
  }
  // Fastify's own errors (bad JSON, body too large, unsupported media type) carry a 4xx statusCode.
  const fastifyStatus = (err as { statusCode?: number })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    const message = fastifyMessage(err as { code?: string; message?: string });
    return {
      status: fastifyStatus,
      body: { code: fastifyStatus, error: statusName(fastifyStatus), message },
      headers: {},
    };
  }
  return {
    status: 500,
    body: { code: 500, error: 'internal', message: 'Internal server error' },
    headers: {},
  };
}

function fastifyMessage(err: { code?: string; message?: string }): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `Malformed JSON body: ${err.message ?? ''}`.trim();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type';
    default:
      return err.message ?? 'Bad request';
  }
}

function statusName(status: number): string {
  const names: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
    412: 'registration_required',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    416: 'range_not_satisfiable',
    429: 'too_many_requests',
  };
  return names[status] ?? (status >= 500 ? 'internal' : 'error');
}

/** Logs unexpected errors with their stack; clients only ever see the message of expected ones. */
export function logIfUnexpected(err: unknown, request?: { method?: string; url?: string }): void {
  const known =
    isHubError(err) ||
    err instanceof HttpException ||
    err instanceof RedirectSignal ||
    isDatabaseUnavailable(err);
  const status = (err as { statusCode?: number })?.statusCode;
  if (known || (typeof status === 'number' && status < 500)) return;
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

export { HubError };
