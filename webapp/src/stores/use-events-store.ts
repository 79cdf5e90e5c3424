import { defineStore } from 'pinia';
import { ref } from 'vue';
import { emitWithAck, hubSocket } from '../api/socket';
import type { HubEvent, SubscribeAck } from '../api/wire';
import { useConnectionStore } from './use-connection-store';

/** A row of the live list: an event, or the mark of a reconnect that could not resume without a gap. */
export type EventRow =
  | { kind: 'event'; key: string; event: HubEvent }
  | { kind: 'gap'; key: string; afterSeq: number; at: number };

export interface EventFilter {
  types: string[];
  /** A hook condition (`if:`) the hub evaluates; null: none. */
  condition: Record<string, unknown> | null;
}

/** Rows kept on screen; older ones drop off the end. */
export const MAX_ROWS = 500;

/**
 * The live event list over the page's socket.io connection (api.md §5). After a reconnect it
 * subscribes again with `since` = the last seq seen, so nothing is missed or shown twice; when
 * the hub answers `truncated` (more happened than it keeps), a gap row says so.
 */
export const useEventsStore = defineStore('events', () => {
  const rows = ref<EventRow[]>([]);
  const paused = ref(false);
  /** Events that arrived while paused, shown on resume. */
  const held = ref<HubEvent[]>([]);
  const lastSeq = ref<number | null>(null);
  const filter = ref<EventFilter>({ types: [], condition: null });
  const subscribed = ref(false);
  const subscribing = ref(false);
  const error = ref<string | null>(null);
  let listening = false;
  let gaps = 0;

  function add(events: HubEvent[]): void {
    const fresh = events.map((event): EventRow => ({
      kind: 'event',
      key: `e${event.seq}-${event.id}`,
      event,
    }));
    rows.value = [...fresh.reverse(), ...rows.value].slice(0, MAX_ROWS);
  }

  function onEvent(event: HubEvent): void {
    if (lastSeq.value !== null && event.seq <= lastSeq.value) return; // already shown
    lastSeq.value = event.seq;
    if (paused.value) held.value.push(event);
    else add([event]);
  }

  function payload(since?: number): Record<string, unknown> {
    const p: Record<string, unknown> = {};
    if (filter.value.types.length > 0) p.types = filter.value.types;
    if (filter.value.condition) p.filter = filter.value.condition;
    if (since !== undefined) p.since = since;
    return p;
  }

  async function send(since?: number): Promise<void> {
    // Not "Live" until the hub has acknowledged this filter: until then the old one applies.
    subscribing.value = true;
    try {
      await emitWithAck('unsubscribe', {});
      acknowledge(await emitWithAck<SubscribeAck>('subscribe', payload(since)), since);
    } finally {
      subscribing.value = false;
    }
  }

  function acknowledge(ack: SubscribeAck, since?: number): void {
    if (!ack.ok) {
      subscribed.value = false;
      error.value = ack.error;
      return;
    }
    error.value = null;
    subscribed.value = true;
    if (since !== undefined && ack.truncated) {
      rows.value = [{ kind: 'gap', key: `gap${++gaps}`, afterSeq: since, at: Date.now() }, ...rows.value];
    }
  }

  /** Starts (once) following events; later calls change the filter. */
  async function subscribe(next?: EventFilter): Promise<void> {
    if (next) filter.value = next;
    if (!listening) {
      listening = true;
      hubSocket().on('event', onEvent);
      useConnectionStore().onReconnect(() => {
        if (subscribed.value) void send(lastSeq.value ?? undefined).catch(failed);
      });
    }
    await send().catch(failed);
  }

  function failed(err: unknown): void {
    error.value = err instanceof Error ? err.message : String(err);
  }

  function togglePause(): void {
    paused.value = !paused.value;
    if (!paused.value && held.value.length > 0) {
      add(held.value);
      held.value = [];
    }
  }

  function clear(): void {
    rows.value = [];
    held.value = [];
  }

  return {
    rows,
    paused,
    held,
    lastSeq,
    filter,
    subscribed,
    subscribing,
    error,
    subscribe,
    togglePause,
    clear,
    onEvent,
  };
});
