/**
 * Whether a browser page at `origin` may open a socket.io connection. Browsers do not apply CORS
 * to WebSockets, and the session cookie rides along, so without this check any web page could
 * talk to the hub as the logged-in user (cross-site WebSocket hijacking). Non-browser clients send
 * no Origin and are allowed (they authenticate with a token).
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowlist: readonly string[],
): boolean {
  if (!origin) return true;
  if (allowlist.includes('*') || allowlist.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
