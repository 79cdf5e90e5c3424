import { HttpException } from '@nestjs/common';

import { databaseUnavailableError } from './database-unavailable';
import { ErrorCode, isHubError } from './hub-error';

/**
 * Any error, described once. The JSON error filter, the `/execute` envelope, socket.io acks and
 * the login/register form pages only format this; none of them words an error itself.
 */
export interface ErrorDescription {
  status: number;
  /** `bad_request`, `registration_required`, ...; `error` for a 4xx Fastify has no code for. */
  error: ErrorCode | 'error';
  /** Safe to show: never a stack, never an unexpected error's own message. */
  message: string;
  /** One line per problem (e.g. per failing field); `[message]` when there is one. */
  details: string[];
  headers: Record<string, string>;
  /** False for errors nobody threw on purpose: log them with their stack. */
  expected: boolean;
}

/** Status → code for errors that are not HubErrors (Nest's HttpExceptions, Fastify's own). */
const CODE_BY_STATUS = new Map<number, ErrorCode>([
  [400, ErrorCode.BadRequest],
  [401, ErrorCode.Unauthorized],
  [403, ErrorCode.Forbidden],
  [404, ErrorCode.NotFound],
  [405, ErrorCode.MethodNotAllowed],
  [409, ErrorCode.Conflict],
  [412, ErrorCode.PreconditionFailed],
  [413, ErrorCode.PayloadTooLarge],
  [415, ErrorCode.UnsupportedMediaType],
  [416, ErrorCode.RangeNotSatisfiable],
  [421, ErrorCode.MisdirectedRequest],
  [429, ErrorCode.TooManyRequests],
]);

const INTERNAL: Omit<ErrorDescription, 'headers'> = {
  status: 500,
  error: ErrorCode.Internal,
  message: 'Internal server error',
  details: ['Internal server error'],
  expected: false,
};

export function describeError(err: unknown): ErrorDescription {
  // A lost database connection is a 503 the client may retry (api.md §10), not a 500.
  err = databaseUnavailableError(err) ?? err;
  if (isHubError(err)) {
    return {
      status: err.status,
      error: err.code,
      message: err.message,
      details: err.details,
      headers: err.headers,
      expected: true,
    };
  }
  if (err instanceof HttpException && err.getStatus() < 500) {
    const status = err.getStatus();
    return clientError(status, httpExceptionMessage(err));
  }
  // Fastify's own errors (bad JSON, body too large, unsupported media type) carry a 4xx statusCode.
  const fastify = err as { statusCode?: unknown; code?: string; message?: string } | null;
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return clientError(fastify.statusCode, fastifyMessage(fastify, fastify.statusCode));
  }
  return { ...INTERNAL, headers: {} };
}

function clientError(status: number, message: string): ErrorDescription {
  const error = CODE_BY_STATUS.get(status) ?? 'error';
  return { status, error, message, details: [message], headers: {}, expected: true };
}

function httpExceptionMessage(err: HttpException): string {
  const response = err.getResponse();
  const detail = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  return typeof detail === 'string' ? detail : Array.isArray(detail) ? detail.join('; ') : err.message;
}

/** The one wording of Fastify's request errors, for every route. */
function fastifyMessage(err: { code?: string; message?: string }, status: number): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return invalidJsonMessage(err.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type';
    default:
      return status === 413 ? 'The request body is too large' : (err.message ?? 'Bad request');
  }
}

/** `The request body is not valid JSON: <parser message>`: Fastify's parser and ours say the same. */
export function invalidJsonMessage(parserMessage: string | undefined): string {
  return `The request body is not valid JSON: ${parserMessage ?? ''}`.trim();
}
