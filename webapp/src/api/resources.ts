import type { DirectoryListing, ListingEntry, MountView } from './wire';
import { authHeaders } from './credentials';
import { notifyUnauthorized, request } from './http';

/** A mount of `GET /resources`. */
export type MountInfo = MountView;
export type { DirectoryListing, ListingEntry };

/** `/resources/<mount>/<path>` with each segment encoded (the path ends with `/` for directories). */
export function resourceUrl(mount: string, path: string): string {
  return `/resources/${encodeURIComponent(mount)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export const fetchMounts = () => request<{ mounts: MountInfo[] }>('/resources');

export const fetchListing = (mount: string, path: string) =>
  request<DirectoryListing>(resourceUrl(mount, path));

/**
 * A file's bytes as a Blob, with the page's credentials (a token page has no cookie an `<img>`
 * could send); `maxBytes` reads only the start (a Range request) for text previews.
 */
export async function fetchFile(
  url: string,
  maxBytes?: number,
): Promise<{ ok: boolean; status: number; blob: Blob; partial: boolean }> {
  const headers: Record<string, string> = authHeaders('GET');
  if (maxBytes !== undefined) headers.range = `bytes=0-${maxBytes - 1}`;
  const res = await fetch(url, { headers, credentials: 'same-origin' });
  if (res.status === 401) notifyUnauthorized();
  return { ok: res.ok, status: res.status, blob: await res.blob(), partial: res.status === 206 };
}
