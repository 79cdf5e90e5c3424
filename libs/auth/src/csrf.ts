import { constantTimeEqual, HubError } from '@hub/common';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  csrfToken?: string;
}

/**
 * For writes authenticated by the session cookie alone: a same-origin `Origin` (what browsers
 * send on form posts and fetch) or `X-CSRF-Token` equal to the session's token.
 */
export function assertCsrf(request: RequestLike): void {
  const csrf = request.headers['x-csrf-token'];
  const expected = request.csrfToken;
  if (typeof csrf === 'string' && expected && constantTimeEqual(csrf, expected)) return;
  const origin = request.headers.origin;
  if (typeof origin === 'string' && sameOrigin(origin, request.headers.host)) return;
  throw HubError.forbidden('CSRF check failed: send X-CSRF-Token or a same-origin Origin header');
}

/**
 * For `/register`, `/login` and `/logout`, which run without a session to protect: a foreign
 * page must not create the first admin with its own password, nor log the owner into another
 * account (login CSRF). Browsers say where a request comes from in `Sec-Fetch-Site` and
 * `Origin`; a request with neither is not a browser form and passes. `allowedOrigins` are the
 * CORS origins the owner listed.
 */
export function assertNotCrossSite(request: RequestLike, allowedOrigins: readonly string[]): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (typeof origin === 'string') {
    if (allowedOrigins.includes(origin) || sameOrigin(origin, request.headers.host)) return;
    throw HubError.forbidden(`Cross-site requests are refused here (Origin ${origin.slice(0, 100)})`);
  }
  if (site === 'cross-site' || site === 'same-site') {
    throw HubError.forbidden('Cross-site requests are refused here (Sec-Fetch-Site)');
  }
}

function sameOrigin(origin: string, host: string | string[] | undefined): boolean {
  if (typeof host !== 'string') return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false; // `null` (sandboxed frames, file:) and malformed origins
  }
}
