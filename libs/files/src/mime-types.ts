import { mime } from '@fastify/send';

/** The Content-Type a file name is served with (the same table the file sender uses). */
export function mimeForName(name: string): string | null {
  return mime.getType(name);
}

/** A usual extension for a media type (`image/png` → `png`), or null. */
export function extensionForMime(type: string): string | null {
  return mime.getExtension(type.split(';')[0].trim().toLowerCase());
}

/**
 * Whether `type` is allowed by patterns like `image/*`, `application/pdf` or `*\/*`.
 * An empty list allows everything.
 */
export function mimeAllowed(type: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  const [major] = type.toLowerCase().split('/');
  return patterns.some((raw) => {
    const pattern = raw.trim().toLowerCase();
    if (pattern === '*' || pattern === '*/*') return true;
    if (pattern.endsWith('/*')) return pattern.slice(0, -2) === major;
    return pattern === type.toLowerCase();
  });
}
