import type { EventBus, EventListener, PostOptions, ReplayResult } from '@hub/events';
import type { EventFields, EventType, HubEvent } from '@hub/messages';

/**
 * The smallest bus that keeps the EventBus contract while delivering on a later tick, as a
 * networked bus (Redis) does: code that only works because delivery happens inside `post()`
 * fails against it.
 */
export class DeferredEventBus implements EventBus {
  private listeners: EventListener[] = [];
  private readonly history: HubEvent[] = [];
  private seq = 0;
  private pending: Promise<void> = Promise.resolve();

  post<T extends EventType>(type: T, fields: EventFields<T>, options: PostOptions = {}): HubEvent<T> {
    const event = {
      type: 'event',
      id: `deferred-${this.seq + 1}`,
      seq: ++this.seq,
      origin: options.origin ?? 'test-hub',
      target: 'test-hub',
      _timestamp: Date.now() / 1000,
      args: { ...fields, type },
    } as HubEvent<T>;
    this.history.push(event);
    const receivers = this.listeners.filter((l) => l !== options.except);
    const delivery = new Promise<void>((resolve) =>
      setImmediate(() => {
        // A throwing listener must not stop the others (a real bus also logs it).
        for (const listener of receivers) {
          try {
            void Promise.resolve(listener(event)).catch(() => undefined);
          } catch {
            // next listener
          }
        }
        resolve();
      }),
    );
    this.pending = this.pending.then(() => delivery);
    return event;
  }

  /** Resolves once every event posted so far has been handed to its listeners. */
  delivered(): Promise<void> {
    return this.pending;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  replay(since: number): ReplayResult {
    return { events: this.history.filter((e) => e.seq > since), truncated: false };
  }

  lastSeq(): number {
    return this.seq;
  }

  sequenced(event: HubEvent): Promise<number> {
    return Promise.resolve(event.seq);
  }
}
