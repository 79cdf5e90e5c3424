import type { Credentials } from './identity';

export const SESSION_COOKIE = 'session_token';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  cookies?: Record<string, string | undefined>;
  ip?: string;
}

function header(req: RequestLike, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a cookie from a raw Cookie header (the socket.io handshake has no cookie parser). */
function cookieFromHeader(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Collects every credential a request carries; authenticate() decides which one wins. */
export function extractCredentials(req: RequestLike): Credentials {
  const credentials: Credentials = { address: req.ip ?? 'unknown' };
  const authorization = header(req, 'authorization');
  if (authorization) {
    // indexOf and a case-insensitive compare, not split + RegExp: this runs for every request.
    const space = authorization.indexOf(' ');
    const scheme = space < 0 ? authorization : authorization.slice(0, space);
    const value = space < 0 ? '' : authorization.slice(space + 1).trim();
    if (value && scheme.length === 6 && scheme.toLowerCase() === 'bearer') credentials.bearer = value;
    else if (value && scheme.length === 5 && scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0)
        credentials.basic = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
  }
  const query = req.query as Record<string, unknown> | undefined;
  if (query && typeof query.token === 'string' && query.token) credentials.queryToken = query.token;
  const xToken = header(req, 'x-token');
  if (xToken) credentials.xToken = xToken;
  const sessionHeader = header(req, 'x-session-token');
  if (sessionHeader) credentials.sessionHeader = sessionHeader;
  const cookie = req.cookies?.[SESSION_COOKIE] ?? cookieFromHeader(header(req, 'cookie'), SESSION_COOKIE);
  if (cookie) credentials.sessionCookie = cookie;
  return credentials;
}
