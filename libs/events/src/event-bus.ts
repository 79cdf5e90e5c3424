import type { EventFields, EventType, HubEvent } from '@hub/messages';

/**
 * Called with every event. It may run at any time after `post()` returns or, on the in-process
 * bus, inside it: never rely on either (see EventBus).
 */
export type EventListener = (event: HubEvent) => void | Promise<void>;

export interface PostOptions {
  /** Who sent it; defaults to this hub's device_id. */
  origin?: string;
  /**
   * A listener of this instance that must not get this event: the caller handles the event
   * itself (the automation engine runs webhook hooks directly to return their outcome) and posts
   * it only for everyone else.
   */
  except?: EventListener;
}

export interface SubscribeOptions {
  /**
   * Only the events posted on this instance. For work that must happen once in a cluster (the
   * automation engine's hooks); on a single instance it changes nothing.
   */
  localOnly?: boolean;
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
 *
 * The contract is **delivery, not timing**: every listener subscribed when `post()` is called
 * gets the event exactly once, in `seq` order per listener, but maybe later (a Redis-backed bus
 * delivers after a round trip). Code that needs a result from handling an event must not read
 * state a listener is expected to have set by the time `post()` returns: it calls the handler
 * directly and posts with `except` (see `AutomationService.dispatchWebhook`).
 *
 * To implement another bus: implement these methods (`post` assigns `id` and `_timestamp` and
 * returns the event synchronously; `seq` may follow, see `sequenced()`, but is always set before
 * any listener gets the event; delivery may be deferred), keep the history replayable by seq, and
 * bind it to `EVENT_BUS` in `EventsModule`. `test/support/deferred-bus.ts` shows the smallest
 * correct one; `RedisEventBus` is the cluster's.
 */
export interface EventBus {
  post<T extends EventType>(type: T, fields: EventFields<T>, options?: PostOptions): HubEvent<T>;
  /** Listen to every event (filter inside the listener). Returns the unsubscribe function. */
  subscribe(listener: EventListener, options?: SubscribeOptions): () => void;
  /** Events with seq > since still held in memory, oldest first. */
  replay(since: number): ReplayResult;
  /** The newest seq handed to listeners (0 before any event). */
  lastSeq(): number;
  /**
   * The event's seq once it has one. The in-process bus assigns it inside `post()`; a cluster's
   * bus leaves `seq` at 0 until Redis has numbered the event (a round trip), so read it here.
   */
  sequenced(event: HubEvent): Promise<number>;
}

export const EVENT_BUS = Symbol('EVENT_BUS');
