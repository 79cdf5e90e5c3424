const BASE = 'http://hub.invalid';

/**
 * A same-site path to send the browser to after login/registration, or `fallback`.
 * Absolute URLs, protocol-relative `//host`, backslashes (`/\host`, which browsers treat as
 * `//host`) and control characters are refused: no open redirect.
 */
export function safeRedirect(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return fallback;
  if (!target.startsWith('/') || target.startsWith('//')) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // Check what the browser will be sent, not what was asked: `/.//evil`, `/%2e//evil` and
  // `/a/..//evil` all normalise to `//evil`, which a browser reads as another host.
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path.startsWith('//') || path.startsWith('/\\')) return fallback;
  return path;
}
