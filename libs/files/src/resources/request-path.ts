/**
 * What a `/resources/<mount>/<path>` URL asks for, decoded exactly once and checked segment by
 * segment before anything touches the filesystem.
 */
export interface ResourceRequest {
  mount: string;
  /** Decoded path segments below the mount; empty for the mount's root. */
  segments: string[];
  /** The URL ended with `/` (or named only the mount): a directory is asked for. */
  directory: boolean;
}

const PREFIX = '/resources/';

/**
 * Parses the raw request URL (as sent, before any normalisation). Returns null for anything that
 * cannot name a file inside a mount: `.`/`..` segments (plain or percent-encoded), empty segments
 * (`//`, absolute paths), backslashes, NUL and other control characters, dotfiles, and invalid
 * percent-encoding. Decoding happens once, so `%252e%252e` stays the literal name `%2e%2e`.
 */
export function parseResourceUrl(rawUrl: string): ResourceRequest | null {
  const query = rawUrl.indexOf('?');
  const path = query >= 0 ? rawUrl.slice(0, query) : rawUrl;
  if (path === '/resources' || !path.startsWith(PREFIX)) return null;
  const parts = path.slice(PREFIX.length).split('/');
  const directory = parts.length === 1 || parts[parts.length - 1] === '';
  if (directory && parts.length > 1) parts.pop();

  const decoded: string[] = [];
  for (const part of parts) {
    const segment = decodeSegment(part);
    if (segment === null) return null;
    decoded.push(segment);
  }
  const [mount, ...segments] = decoded;
  return { mount, segments, directory };
}

function decodeSegment(raw: string): string | null {
  let segment: string;
  try {
    segment = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // A leading dot covers `.`, `..` and hidden files (`.git`, `.env`, in-progress uploads).
  if (segment === '' || segment.startsWith('.')) return null;
  if (/[/\\\u0000-\u001f\u007f]/.test(segment)) return null;
  return segment;
}
