/** Reads a streaming HTTP response (SSE, NDJSON, ...) as it arrives. */
export class StreamReader {
  text = '';
  status = 0;
  headers = new Headers();
  private readonly abort = new AbortController();
  private waiters = new Set<() => void>();
  private done = false;

  static async open(url: string, headers: Record<string, string> = {}): Promise<StreamReader> {
    const reader = new StreamReader();
    const res = await fetch(url, { headers, signal: reader.abort.signal });
    reader.status = res.status;
    reader.headers = res.headers;
    void reader.pump(res);
    return reader;
  }

  private async pump(res: Response): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        this.text += decoder.decode(chunk, { stream: true });
        for (const waiter of this.waiters) waiter();
      }
    } catch {
      // aborted by close()
    }
    this.done = true;
    for (const waiter of this.waiters) waiter();
  }

  /** Resolves once `predicate(text)` holds; fails after `timeoutMs` or when the stream ends first. */
  waitFor(predicate: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (predicate(this.text)) {
          cleanup();
          resolve(this.text);
        } else if (this.done) {
          cleanup();
          reject(new Error(`stream ended before the expected data; got:\n${this.text}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for stream data; got:\n${this.text}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves when the server ends the stream. */
  ended(timeoutMs = 10_000): Promise<void> {
    return this.waitFor(() => this.done, timeoutMs).then(
      () => undefined,
      (err: Error) => {
        if (this.done) return;
        throw err;
      },
    );
  }

  close(): void {
    this.abort.abort();
  }
}

export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
}

/** Parses complete SSE messages (comments and `retry:` left out). */
export function parseSse(text: string): SseMessage[] {
  const messages: SseMessage[] = [];
  for (const block of text.split('\n\n').slice(0, -1)) {
    const message: SseMessage = {};
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const field = line.slice(0, colon) as keyof SseMessage | 'retry';
      if (field === 'retry') continue;
      message[field] = line.slice(colon + 1).replace(/^ /, '');
    }
    if (message.data !== undefined) messages.push(message);
  }
  return messages;
}
