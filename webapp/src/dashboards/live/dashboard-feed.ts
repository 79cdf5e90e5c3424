import type { Socket } from 'socket.io-client';
import type { HubEvent } from '../../api/wire';

/**
 * The page's one event feed for its widgets, over the page's one socket: a subscription for the
 * union of the types the widgets follow, resumed with `since` after every reconnect (a hub
 * restart included), so that no event between two connections is lost silently. Widgets learn of
 * every (re)connect and re-fetch their snapshots then.
 */
export type EventHandler = (event: HubEvent) => void;
export type ResyncHandler = () => void;

interface SubscribeAck {
  ok: boolean;
  truncated?: boolean;
  error?: string;
}

/** Handlers registered for this type get every event. */
export const ANY = '*';

export class DashboardFeed {
  private readonly handlers = new Map<string, Set<EventHandler>>();
  private readonly resyncs = new Set<ResyncHandler>();
  private lastSeq: number | null = null;
  private subscribed = new Set<string>();
  private pendingSubscribe: ReturnType<typeof setTimeout> | null = null;
  private readonly onEvent = (event: HubEvent) => this.dispatch(event);
  private readonly onConnect = () => void this.resubscribe(true);

  constructor(private readonly socket: Socket) {
    socket.on('event', this.onEvent);
    socket.on('connect', this.onConnect);
  }

  /** Follows events of `type`; returns the function that stops. */
  on(type: string, handler: EventHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    if (!this.subscribed.has(type)) this.scheduleSubscribe();
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(type);
    };
  }

  /** Called after every (re)connect and wake-up: widgets re-fetch what may have changed meanwhile. */
  onResync(handler: ResyncHandler): () => void {
    this.resyncs.add(handler);
    return () => this.resyncs.delete(handler);
  }

  /** A page woken from sleep: the socket may not have noticed yet, so catch up explicitly. */
  wake(): void {
    if (!this.socket.connected) {
      this.socket.connect();
      return;
    }
    // Replace the subscription rather than add to it: `since` replays what the sleep may have missed.
    this.socket.emit('unsubscribe', {});
    void this.resubscribe(true);
  }

  close(): void {
    this.socket.off('event', this.onEvent);
    this.socket.off('connect', this.onConnect);
    if (this.pendingSubscribe) clearTimeout(this.pendingSubscribe);
    this.handlers.clear();
    this.resyncs.clear();
  }

  private dispatch(event: HubEvent): void {
    if (typeof event.seq === 'number') {
      // A replayed event already seen (two subscribes overlapping) is not applied twice.
      if (this.lastSeq !== null && event.seq <= this.lastSeq) return;
      this.lastSeq = event.seq;
    }
    const type = event.args.type;
    for (const handler of [...(this.handlers.get(type) ?? []), ...(this.handlers.get(ANY) ?? [])]) {
      try {
        handler(event);
      } catch (err) {
        console.error(`dashboard widget failed on ${type}`, err);
      }
    }
  }

  /** New types are batched: twenty widgets mounting at once send one subscribe. */
  private scheduleSubscribe(): void {
    if (this.pendingSubscribe) return;
    this.pendingSubscribe = setTimeout(() => {
      this.pendingSubscribe = null;
      void this.resubscribe(false);
    }, 0);
  }

  private async resubscribe(reconnected: boolean): Promise<void> {
    if (!this.socket.connected) return;
    const types = [...this.handlers.keys()];
    const fresh = reconnected ? types : types.filter((t) => !this.subscribed.has(t));
    if (fresh.length > 0) {
      // '*' (an EventLog of everything) subscribes without a type list.
      const payload: { types?: string[]; since?: number } = fresh.includes(ANY) ? {} : { types: fresh };
      if (reconnected && this.lastSeq !== null) payload.since = this.lastSeq;
      try {
        const ack = (await this.socket.timeout(10_000).emitWithAck('subscribe', payload)) as SubscribeAck;
        if (ack.ok) {
          if (reconnected) this.subscribed = new Set(fresh);
          else for (const t of fresh) this.subscribed.add(t);
        }
      } catch {
        // No ack (the connection dropped again): the next connect subscribes anew.
        return;
      }
    }
    if (reconnected) for (const resync of [...this.resyncs]) resync();
  }
}
