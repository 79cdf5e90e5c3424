/**
 * How the page proves who it is. Normally the session cookie (HttpOnly, sent by the browser);
 * a page opened as `…?token=<jwt>` (a wall tablet) keeps that token for this tab instead and
 * sends it as `Authorization: Bearer`, and takes it out of the address bar so it is not
 * bookmarked or shown.
 */
const STORAGE_KEY = 'hub.token';

let token: string | null = null;
let csrfToken: string | null = null;

export function adoptTokenFromUrl(
  location: Location = window.location,
  history: History = window.history,
): void {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    token = fromUrl;
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  } else {
    token = sessionStorage.getItem(STORAGE_KEY);
  }
}

export function bearerToken(): string | null {
  return token;
}

/** Set from `GET /auth` (sessions only): sent as `X-CSRF-Token` on every write. */
export function setCsrfToken(value: string | null): void {
  csrfToken = value;
}

export function authHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (csrfToken && method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken;
  return headers;
}

export function forgetToken(): void {
  token = null;
  sessionStorage.removeItem(STORAGE_KEY);
}
