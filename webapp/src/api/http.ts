import { authHeaders } from './credentials';

/** What the hub answered, whatever the status: the panel shows status and body as they are. */
export interface HttpResult<T = unknown> {
  status: number;
  ok: boolean;
  body: T;
  /** Milliseconds from sending to the whole body read. */
  durationMs: number;
}

/** An answer that is not 2xx, for callers that only want the happy path. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(errorMessage(body) ?? `HTTP ${status}`);
  }
}

type Unauthorized = () => void;
let onUnauthorized: Unauthorized = () => undefined;

/** Called on any 401: the session ended or the token was revoked (the app goes to /login). */
export function setUnauthorizedHandler(handler: Unauthorized): void {
  onUnauthorized = handler;
}

/** For callers that fetch() by themselves (streams): report a 401 like request() does. */
export function notifyUnauthorized(): void {
  onUnauthorized();
}

/** The message of a hub error body: `{message}`, `{error}` or a Response's `errors`. */
export function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' && body ? body : undefined;
  const b = body as { message?: unknown; error?: unknown; response?: { errors?: unknown } };
  if (typeof b.message === 'string') return b.message;
  const errors = b.response?.errors;
  if (Array.isArray(errors) && errors.length > 0) return errors.map(String).join('; ');
  if (typeof b.error === 'string') return b.error;
  return undefined;
}

export interface RequestOptions {
  method?: string;
  /** JSON-encoded unless it is FormData or a string. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** fetch() against the hub (same origin) with the page's credentials and CSRF token. */
export async function request<T = unknown>(
  path: string,
  options: RequestOptions = {},
): Promise<HttpResult<T>> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...authHeaders(method),
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const started = performance.now();
  const res = await fetch(path, {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
  const text = await res.text();
  const durationMs = performance.now() - started;
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text: the panel shows what came back
    }
  }
  if (res.status === 401) onUnauthorized();
  return { status: res.status, ok: res.ok, body: parsed as T, durationMs };
}

/** request() that throws HttpError unless the answer is 2xx. */
export async function requestOk<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const result = await request<T>(path, options);
  if (!result.ok) throw new HttpError(result.status, result.body);
  return result.body;
}
