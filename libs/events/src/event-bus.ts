import type { EventFields, EventType, HubEvent } from '@hub/messages';

export type EventListener = (event: HubEvent) => void | Promise<void>;

export interface PostOptions {
  /** Who sent it; defaults to this hub's device_id. */
  origin?: string;
}

export interface ReplayResult {
  events: HubEvent[];
  /** True when `since` is older than the oldest event kept in memory: some were lost to the caller. */
  truncated: boolean;
}

/**
 * The hub's one event bus. Every event gets a growing `seq`, goes into the in-memory history and
 * the persisted log, then to every listener. A listener that throws or rejects is logged and
 * never stops delivery to the others.
 */
export interface EventBus {
  post<T extends EventType>(type: T, fields: EventFields<T>, options?: PostOptions): HubEvent<T>;
  /** Listen to every event (filter inside the listener). Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Events with seq > since still held in memory, oldest first. */
  replay(since: number): ReplayResult;
  /** The newest seq handed out (0 before any event). */
  lastSeq(): number;
}

export const EVENT_BUS = Symbol('EVENT_BUS');
