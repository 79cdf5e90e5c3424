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
  const host = request.headers.host;
  if (typeof origin === 'string' && typeof host === 'string') {
    try {
      if (new URL(origin).host === host) return;
    } catch {
      // not a URL: refused below
    }
  }
  throw HubError.forbidden('CSRF check failed: send X-CSRF-Token or a same-origin Origin header');
}
