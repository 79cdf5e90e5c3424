/** The same URL with `_t=<n>` so a refreshing image is fetched again (n = 0: unchanged). */
export function withCacheBuster(url: string, n: number): string {
  if (n === 0 || url.startsWith('data:')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}_t=${n}`;
}
