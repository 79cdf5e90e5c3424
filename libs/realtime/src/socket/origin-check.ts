/**
 * How far a browser page at `origin` may use the socket. Browsers do not apply CORS to
 * WebSockets, and the session cookie rides along, so without this check any web page could talk
 * to the hub as the logged-in user (cross-site WebSocket hijacking).
 * - `trusted`: no Origin (not a browser: it authenticates with a token), the hub's own origin,
 *   or an origin listed in `backend.http.cors.origins`;
 * - `wildcard`: admitted only by `'*'`, which (as for HTTP CORS) never carries credentials:
 *   the session cookie is ignored, a token is required;
 * - `refused`: anything else.
 */
export type OriginAccess = 'trusted' | 'wildcard' | 'refused';

export function originAccess(
  origin: string | undefined,
  host: string | undefined,
  allowlist: readonly string[],
): OriginAccess {
  if (!origin || allowlist.includes(origin)) return 'trusted';
  try {
    if (host !== undefined && new URL(origin).host === host) return 'trusted';
  } catch {
    return 'refused';
  }
  return allowlist.includes('*') ? 'wildcard' : 'refused';
}
