import { createLogger, describeError, ErrorCode } from '@hub/common';
import { buildResponse, type ErrorBody, type HubResponse } from '@hub/messages';

const log = createLogger('Execute');

/** What went wrong, as the Response envelope reports it. */
export interface EnvelopeFailure {
  status: number;
  errors: string[];
  headers: Record<string, string>;
  /** `{code, error, message}` of the JSON-route error format, for auth failures. */
  error?: ErrorBody;
}

/** The envelope's status and `errors` for any error; unknown errors are logged, never shown. */
export function describeFailure(err: unknown): EnvelopeFailure {
  const description = describeError(err);
  if (!description.expected) log.error({ err }, 'unexpected error while executing a request');
  const { status, error, message, details, headers } = description;
  const failure: EnvelopeFailure = { status, errors: details, headers };
  // Auth failures keep the fields every JSON route answers them with (api.md §2).
  if (error === ErrorCode.Unauthorized || error === ErrorCode.RegistrationRequired) {
    failure.error = { code: status, error, message };
  }
  return failure;
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
