import { authHeaders } from './credentials';
import { notifyUnauthorized } from './http';

export type OutputStream = 'stdout' | 'stderr';

/** How a followed stream ended: the process exited, the page stopped following, or the link broke. */
export type FollowEnd = 'ended' | 'aborted' | 'failed';

/**
 * Follows one output stream of a `shell.start` process (api.md §6): `GET /streams/:id/:stream`
 * with `feed=continuous` from offset 0 sends what the hub kept, then live output, and ends when
 * the process exits. Plain HTTP, so it does not touch the page's socket subscriptions.
 */
export async function followOutput(
  id: string,
  stream: OutputStream,
  onText: (text: string) => void,
  signal: AbortSignal,
): Promise<FollowEnd> {
  try {
    const res = await fetch(`/streams/${encodeURIComponent(id)}/${stream}?feed=continuous&offset=0`, {
      headers: authHeaders('GET'),
      credentials: 'same-origin',
      signal,
    });
    if (res.status === 401) notifyUnauthorized();
    if (!res.ok || !res.body) return 'failed';
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'ended';
      if (value) onText(value);
    }
  } catch {
    return signal.aborted ? 'aborted' : 'failed';
  }
}
