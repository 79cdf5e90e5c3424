/**
 * The CSP of every webapp page (api.md §8a): scripts and styles only from our own files — no
 * inline scripts, no `unsafe-eval` (templates are compiled at build time, forms are rendered
 * from JSON Schema without a schema compiler) — and connections only back to the hub.
 */
export const WEBAPP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Headers of the HTML document (index.html): always revalidated, never framed. */
export const INDEX_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy': WEBAPP_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
} as const;
