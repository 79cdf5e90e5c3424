/**
 * Domain errors. Services throw these (never HTTP exceptions); one global filter maps
 * each code to an HTTP status and the right envelope.
 */
export enum ErrorCode {
  BadRequest = 'bad_request',
  Unauthorized = 'unauthorized',
  RegistrationRequired = 'registration_required',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  Conflict = 'conflict',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  RangeNotSatisfiable = 'range_not_satisfiable',
  /** A conditional request's If-Match / If-Unmodified-Since failed. */
  PreconditionFailed = 'precondition_failed',
  MisdirectedRequest = 'misdirected_request',
  TooManyRequests = 'too_many_requests',
  ActionFailed = 'action_failed',
  Timeout = 'timeout',
  Unavailable = 'unavailable',
  Internal = 'internal',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.RegistrationRequired]: 412,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.MethodNotAllowed]: 405,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.RangeNotSatisfiable]: 416,
  [ErrorCode.PreconditionFailed]: 412,
  [ErrorCode.MisdirectedRequest]: 421,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.ActionFailed]: 502,
  [ErrorCode.Timeout]: 504,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Internal]: 500,
};

export interface HubErrorOptions {
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** Several messages (e.g. one per failing field); `message` is their summary. */
  details?: string[];
  cause?: unknown;
}

export class HubError extends Error {
  readonly headers: Record<string, string>;
  readonly details: string[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: HubErrorOptions = {},
  ) {
    // A 4xx is the caller's mistake, answered and not logged with a stack: capturing one is most
    // of what the error costs, and a scanner trying /hook/<guess> would pay it on every request.
    const stackLimit = Error.stackTraceLimit;
    if (ERROR_STATUS[code] < 500) Error.stackTraceLimit = 0;
    super(message, { cause: options.cause });
    Error.stackTraceLimit = stackLimit;
    this.name = 'HubError';
    this.headers = options.headers ?? {};
    this.details = options.details ?? [message];
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static badRequest(message: string, details?: string[]): HubError {
    return new HubError(ErrorCode.BadRequest, message, { details });
  }
  static notFound(message: string): HubError {
    return new HubError(ErrorCode.NotFound, message);
  }
  static unauthorized(message = 'Authentication required'): HubError {
    return new HubError(ErrorCode.Unauthorized, message);
  }
  static forbidden(message: string): HubError {
    return new HubError(ErrorCode.Forbidden, message);
  }
  static conflict(message: string): HubError {
    return new HubError(ErrorCode.Conflict, message);
  }
}

/** The JSON every HubError answers with: `{code, error, message}` (api.md §2). */
export function hubErrorBody(err: HubError): { code: number; error: string; message: string } {
  return { code: err.status, error: err.code, message: err.message };
}

export function isHubError(err: unknown): err is HubError {
  return err instanceof HubError;
}

/** Thrown by guards to send the client elsewhere (e.g. an unauthenticated page view → /login). */
export class RedirectSignal extends Error {
  constructor(
    readonly location: string,
    readonly status: 302 | 303 | 307 = 307,
  ) {
    super(`redirect to ${location}`);
  }
}
