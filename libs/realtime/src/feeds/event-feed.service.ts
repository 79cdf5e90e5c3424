import { Inject, Injectable } from '@nestjs/common';

import { EVENT_BUS, type EventBus } from '@hub/events';
import type { HubEvent } from '@hub/messages';

export interface FollowOptions {
  /** Null: every type. */
  types: readonly string[] | null;
  /** Replay kept events after this seq first; null: only new ones. */
  since: number | null;
}

export interface LongpollResult {
  events: HubEvent[];
  /** Pass it back as `since` for the next poll. */
  last_seq: number;
  truncated?: true;
}

/** At most this many events in one longpoll answer (the rest come with the next poll). */
const MAX_LONGPOLL_EVENTS = 1000;

/** The HTTP feeds' view of the bus: replay-then-follow, and wait-for-the-next-event. */
@Injectable()
export class EventFeedService {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  /**
   * Sends the kept events after `since`, then every new one, in seq order with no gap and no
   * duplicate: the replay and the subscription happen in the same synchronous step. Calls
   * `truncated` first when `since` is older than what is kept. Returns the stop function.
   */
  follow(options: FollowOptions, deliver: (event: HubEvent) => void, truncated: () => void): () => void {
    const wanted = typeFilter(options.types);
    let last = this.bus.lastSeq();
    if (options.since !== null) {
      const replay = this.bus.replay(options.since);
      if (replay.truncated) truncated();
      for (const event of replay.events) if (wanted(event)) deliver(event);
      last = Math.max(last, options.since);
    }
    return this.bus.subscribe((event) => {
      if (event.seq <= last || !wanted(event)) return;
      last = event.seq;
      deliver(event);
    });
  }

  /**
   * Answers with the kept events after `since` if there are any, else waits for the next matching
   * one (or the timeout, or `signal` aborting when the client goes away).
   */
  waitForEvents(
    options: FollowOptions & { timeoutMs: number },
    signal: AbortSignal,
  ): Promise<LongpollResult> {
    const wanted = typeFilter(options.types);
    const since = options.since ?? this.bus.lastSeq();
    const replay = this.bus.replay(since);
    const kept = replay.events.filter(wanted);
    const truncated = replay.truncated ? { truncated: true as const } : {};
    if (kept.length > 0) {
      const events = kept.slice(0, MAX_LONGPOLL_EVENTS);
      const lastSeq = kept.length > events.length ? events.at(-1)!.seq : Math.max(since, this.bus.lastSeq());
      return Promise.resolve({ events, last_seq: lastSeq, ...truncated });
    }
    return new Promise((resolve) => {
      const finish = (events: HubEvent[]) => {
        unsubscribe();
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve({ events, last_seq: Math.max(since, this.bus.lastSeq()), ...truncated });
      };
      const onAbort = () => finish([]);
      const unsubscribe = this.bus.subscribe((event) => {
        if (event.seq > since && wanted(event)) finish([event]);
      });
      const timer = setTimeout(() => finish([]), options.timeoutMs);
      signal.addEventListener('abort', onAbort);
    });
  }
}

function typeFilter(types: readonly string[] | null): (event: HubEvent) => boolean {
  if (!types) return () => true;
  const set = new Set(types);
  return (event) => set.has(event.args.type);
}
