/**
 * Every timer of a dashboard page, in one place: intervals pause while the page is hidden (a
 * tablet with its screen off does no work) and resume when it is shown again; a long gap between
 * two ticks (the device slept) or the page becoming visible again calls `onWake`. Widgets get
 * their timers here, so unmounting a widget, or the page, leaves nothing running.
 */
interface Interval {
  ms: number;
  run: () => void;
  timer: ReturnType<typeof setInterval> | null;
}

const WAKE_GAP_MS = 10_000;
const HEARTBEAT_MS = 2_000;

export class PageClock {
  private readonly intervals = new Set<Interval>();
  private readonly onlineListeners = new Set<() => void>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastBeat = Date.now();
  private hiddenAt: number | null = null;
  private readonly onVisibility = () => this.visibilityChanged();

  constructor(
    private readonly onWake: () => void,
    private readonly doc: Document = document,
  ) {
    doc.addEventListener('visibilitychange', this.onVisibility);
    this.startHeartbeat();
  }

  get hidden(): boolean {
    return this.doc.visibilityState === 'hidden';
  }

  /** Runs `run` every `ms` while the page is visible; returns the function that stops it. */
  every(ms: number, run: () => void): () => void {
    const interval: Interval = { ms, run, timer: null };
    this.intervals.add(interval);
    if (!this.hidden) interval.timer = setInterval(run, ms);
    return () => {
      if (interval.timer) clearInterval(interval.timer);
      this.intervals.delete(interval);
    };
  }

  /** Listeners told when the connection state changes (the page calls `onlineChanged`). */
  onOnlineChange(listener: () => void): () => void {
    this.onlineListeners.add(listener);
    return () => this.onlineListeners.delete(listener);
  }

  onlineChanged(): void {
    for (const listener of [...this.onlineListeners]) listener();
  }

  /** How many timers are running: the soak test checks that it stays flat. */
  get running(): number {
    return [...this.intervals].filter((i) => i.timer !== null).length + (this.heartbeat ? 1 : 0);
  }

  close(): void {
    this.doc.removeEventListener('visibilitychange', this.onVisibility);
    for (const interval of this.intervals) if (interval.timer) clearInterval(interval.timer);
    this.intervals.clear();
    this.onlineListeners.clear();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private visibilityChanged(): void {
    if (this.hidden) {
      this.hiddenAt = Date.now();
      for (const interval of this.intervals) {
        if (interval.timer) clearInterval(interval.timer);
        interval.timer = null;
      }
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      return;
    }
    for (const interval of this.intervals) interval.timer ??= setInterval(interval.run, interval.ms);
    this.startHeartbeat();
    if (this.hiddenAt !== null) {
      this.hiddenAt = null;
      this.onWake();
    }
  }

  private startHeartbeat(): void {
    this.lastBeat = Date.now();
    this.heartbeat ??= setInterval(() => {
      const now = Date.now();
      // Timers do not run while a device sleeps: a long gap means it just woke up.
      if (now - this.lastBeat > WAKE_GAP_MS) this.onWake();
      this.lastBeat = now;
    }, HEARTBEAT_MS);
  }
}
