/**
 * An abort signal made only when an action asks for it. Most actions never look at
 * `ctx.signal`, and an AbortController per call was 4% of the CPU time of `/execute`.
 */
export class LazyAbort {
  private controller: AbortController | null = null;
  private aborted = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}
