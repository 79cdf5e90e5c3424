import { createLogger, newId } from '@hub/common';
import type { EventFields, EventType, HubEvent } from '@hub/messages';
import { normaliseEventType } from '@hub/messages';

import type { EventBus, EventListener, PostOptions, ReplayResult } from './event-bus';
import type { EventHistory } from './event-history';
import type { EventLogWriter } from './event-log.writer';
import type { EventSequence } from './event-sequence';
import { encodeFields, storedForm } from './stored-event';

/**
 * The single-process bus: delivers synchronously inside `post()`. That is an implementation
 * detail, not the contract (EventBus promises delivery, not timing); a Redis-backed bus
 * implements the same interface.
 */
export class InProcessEventBus implements EventBus {
  private readonly log = createLogger('EventBus');
  private listeners: EventListener[] = [];

  constructor(
    private readonly deviceId: string,
    private readonly sequence: EventSequence,
    private readonly history: EventHistory,
    private readonly writer: EventLogWriter,
    private readonly excludedFromLog: ReadonlySet<string>,
    /** Largest event (its fields as JSON) the history and the log keep whole. */
    private readonly maxStoredBytes = Number.POSITIVE_INFINITY,
  ) {}

  post<T extends EventType>(type: T, fields: EventFields<T>, options: PostOptions = {}): HubEvent<T> {
    const eventType = normaliseEventType(type) as T;
    const args = { ...fields, type: eventType };
    const encoded = encodeFields(args);
    const encodedLength = Buffer.byteLength(encoded);
    const event = {
      type: 'event',
      id: newId(),
      seq: this.sequence.next(),
      origin: options.origin ?? this.deviceId,
      target: this.deviceId,
      _timestamp: Date.now() / 1000,
      args,
    } as HubEvent<T>;
    const stored = storedForm(event, encodedLength, this.maxStoredBytes);
    this.history.push(stored);
    if (!this.excludedFromLog.has(eventType))
      this.writer.append(stored, stored === event ? encoded : undefined);
    for (const listener of this.listeners) if (listener !== options.except) this.deliver(listener, event);
    return event;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  replay(since: number): ReplayResult {
    return this.history.since(since);
  }

  lastSeq(): number {
    return this.sequence.last();
  }

  sequenced(event: HubEvent): Promise<number> {
    return Promise.resolve(event.seq);
  }

  private deliver(listener: EventListener, event: HubEvent): void {
    try {
      const result = listener(event);
      if (result instanceof Promise) result.catch((err: unknown) => this.listenerFailed(err, event));
    } catch (err) {
      this.listenerFailed(err, event);
    }
  }

  private listenerFailed(err: unknown, event: HubEvent): void {
    this.log.error({ err, type: event.args.type, seq: event.seq }, 'event listener failed');
  }
}
