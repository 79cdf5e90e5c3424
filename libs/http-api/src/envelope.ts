import { HttpException } from '@nestjs/common';
import { createLogger, databaseUnavailableError, HubError, isHubError } from '@hub/common';
import { buildResponse, type HubResponse } from '@hub/messages';

const log = createLogger('Execute');

/** What went wrong, as the Response envelope reports it. */
export interface EnvelopeFailure {
  status: number;
  errors: string[];
  headers: Record<string, string>;
  /** `{code, error, message}` of the JSON-route error format, for auth failures. */
  error?: { code: number; error: string; message: string };
}

/** Fastify's own request errors (bad JSON, too large, wrong media type) in plain words. */
function fastifyMessage(err: { code?: string; message?: string }, status: number): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return `The request body is not valid JSON: ${err.message ?? ''}`.trim();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type: send application/json';
    default:
      return status === 413 ? 'The request body is too large' : (err.message ?? 'Bad request');
  }
}

/** Maps any error to the envelope's status and `errors`; unknown errors are logged, never shown. */
export function describeFailure(err: unknown): EnvelopeFailure {
  err = databaseUnavailableError(err) ?? err;
  if (isHubError(err)) {
    const failure: EnvelopeFailure = { status: err.status, errors: err.details, headers: err.headers };
    // Auth failures keep the fields every JSON route answers them with (api.md §2).
    if (err.status === 401 || err.status === 412) {
      failure.error = { code: err.status, error: err.code, message: err.message };
    }
    return failure;
  }
  if (err instanceof HttpException && err.getStatus() < 500) {
    return { status: err.getStatus(), errors: [err.message], headers: {} };
  }
  const status = (err as { statusCode?: number } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, errors: [fastifyMessage(err as { code?: string }, status)], headers: {} };
  }
  log.error({ err }, 'unexpected error while executing a request');
  return { status: 500, errors: ['Internal server error'], headers: {} };
}

/** The id a client gave in its request, if the body got that far. */
export function requestIdOf(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : undefined;
}

export function failureEnvelope(
  failure: EnvelopeFailure,
  origin: string,
  id: string | undefined,
): HubResponse | (HubResponse & EnvelopeFailure['error']) {
  const envelope = buildResponse({ id, origin, errors: failure.errors });
  return failure.error ? { ...envelope, ...failure.error } : envelope;
}

export { HubError };
