import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export interface Fetched {
  /** Null when the server said 304 Not Modified. */
  text: string | null;
  etag: string | null;
  lastModified: string | null;
}

/**
 * Reads a calendar or feed: http(s) (webcal:// is https) with a timeout, a size limit and
 * conditional GET headers, or a local file. Errors are one line that says what happened.
 */
export async function fetchText(
  url: string,
  limits: FetchLimits,
  previous: { etag: string | null; lastModified: string | null } | null = null,
  accept = '*/*',
): Promise<Fetched> {
  if (url.startsWith('/') || url.startsWith('file://')) {
    const path = url.startsWith('/') ? url : fileURLToPath(url);
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
    });
    if (info.size > limits.maxBytes) throw new Error(`${path}: larger than ${limits.maxBytes} bytes`);
    return { text: await readFile(path, 'utf8'), etag: null, lastModified: info.mtime.toUTCString() };
  }
  const target = url.replace(/^webcal:\/\//i, 'https://');
  const headers: Record<string, string> = { accept, 'user-agent': 'hub' };
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;
  const where = safeUrl(target);
  let response: Response;
  try {
    response = await fetch(target, {
      headers,
      signal: AbortSignal.timeout(limits.timeoutMs),
      redirect: 'follow',
    });
  } catch (err) {
    throw new Error(`${where}: ${failure(err, limits.timeoutMs)}`);
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { text: null, etag: previous?.etag ?? null, lastModified: previous?.lastModified ?? null };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${where}: HTTP ${response.status}`);
  }
  let text: string;
  try {
    text = await readCapped(response, limits.maxBytes);
  } catch (err) {
    throw new Error(`${where}: ${failure(err, limits.timeoutMs)}`);
  }
  return { text, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') };
}

async function readCapped(response: Response, limit: number): Promise<string> {
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel();
    throw new Error(`larger than ${limit} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw new Error(`larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function failure(err: unknown, timeoutMs: number): string {
  const name = (err as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/** The URL without credentials or query (tokens often live there): safe for logs and errors. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
