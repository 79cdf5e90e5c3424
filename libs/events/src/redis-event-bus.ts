import type { ClusterLink } from '@hub/cluster';
import { createLogger, newId } from '@hub/common';
import type { EventFields, EventType, HubEvent } from '@hub/messages';
import { normaliseEventType } from '@hub/messages';

import type { EventBus, EventListener, PostOptions, ReplayResult, SubscribeOptions } from './event-bus';
import type { EventHistory } from './event-history';
import type { EventLogWriter } from './event-log.writer';

export const EVENTS_CHANNEL = 'hub:events';
export const SEQ_KEY = 'hub:events:seq';

/**
 * Takes the next cluster-wide seq and publishes the event under it, in one atomic step: every
 * instance receives events in seq order. ARGV[1] is the poster's highest seq seen, so the seq
 * keeps growing when Redis has lost its data (restarted without persistence).
 */
const POST_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[1])
if seq <= floor then
  seq = floor + 1
  redis.call('SET', KEYS[1], seq)
end
redis.call('PUBLISH', KEYS[2], seq .. ' ' .. ARGV[2])
return seq
`;
/** Raises the seq to at least ARGV[1] (at start, after a reconnect); returns the seq. */
const RAISE_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return current
`;
const RAISE_ATTEMPTS = 20;
/** An event published but not seen back from Redis within this long is delivered locally anyway. */
const ECHO_TIMEOUT_MS = 2000;

interface PendingEvent {
  event: HubEvent;
  receivers: EventListener[];
  /** The listeners for this instance's events only (hooks), not yet called. */
  localReceivers: EventListener[] | null;
  timer: NodeJS.Timeout | null;
}

/**
 * The event bus of a cluster. `post()` returns at once; Redis then gives the event its
 * cluster-wide seq and publishes it, and every instance (this one too) delivers it to its own
 * listeners in seq order, exactly once. Listeners subscribed with `localOnly` (the automation
 * engine: hooks run once in the cluster) get only the events posted here. The poster writes the
 * event log, so each event is logged once.
 *
 * While Redis is unreachable the bus works as the in-process one: events posted here reach this
 * instance's listeners and the log, with seqs continuing from the highest seen, and Redis is
 * raised past them when it is back.
 */
export class RedisEventBus implements EventBus {
  private readonly log = createLogger('EventBus');
  private listeners: EventListener[] = [];
  private localListeners: EventListener[] = [];
  private readonly pending = new Map<string, PendingEvent>();
  /** Callers of sequenced() for events whose seq is not known yet, by event id. */
  private readonly waiters = new Map<string, Array<(seq: number) => void>>();
  /** Newest seq handed to listeners (and the history). */
  private delivered: number;
  /** Newest seq known anywhere (delivered or assigned to an event still on its way back). */
  private highest: number;
  private readonly stopReceiving: () => void;
  private readonly stopReconnect: () => void;

  constructor(
    private readonly deviceId: string,
    private readonly link: ClusterLink,
    initialSeq: number,
    private readonly history: EventHistory,
    private readonly writer: EventLogWriter,
    private readonly excludedFromLog: ReadonlySet<string>,
  ) {
    this.delivered = initialSeq;
    this.highest = initialSeq;
    this.stopReceiving = link.on(EVENTS_CHANNEL, (message) => this.receive(message));
    this.stopReconnect = link.onReconnect(() => this.raiseClusterSeq());
  }

  post<T extends EventType>(type: T, fields: EventFields<T>, options: PostOptions = {}): HubEvent<T> {
    const eventType = normaliseEventType(type) as T;
    const event = {
      type: 'event',
      id: newId(),
      seq: 0,
      origin: options.origin ?? this.deviceId,
      target: this.deviceId,
      _timestamp: Date.now() / 1000,
      args: { ...fields, type: eventType },
    } as HubEvent<T>;
    const receivers = this.listeners.filter((l) => l !== options.except);
    const localReceivers = this.localListeners.filter((l) => l !== options.except);
    if (!this.link.isUp()) {
      this.postLocally(event, receivers, localReceivers);
      return event;
    }
    const pending: PendingEvent = { event, receivers, localReceivers, timer: null };
    this.pending.set(event.id, pending);
    const payload = `${this.link.instanceId} ${event.id} ${JSON.stringify(event)}`;
    this.link.redis
      .eval(POST_SCRIPT, 2, SEQ_KEY, EVENTS_CHANNEL, this.highest, payload)
      .then((seq) => this.numbered(pending, Number(seq)))
      .catch((err: unknown) => {
        // Not published (Redis went away meanwhile): this instance still delivers and logs it.
        this.log.warn(
          { err: (err as Error).message, type: eventType },
          'redis publish failed; delivering locally',
        );
        this.pending.delete(event.id);
        if (pending.timer) clearTimeout(pending.timer);
        if (event.seq === 0) this.postLocally(event, pending.receivers, pending.localReceivers ?? []);
      });
    return event;
  }

  subscribe(listener: EventListener, options: SubscribeOptions = {}): () => void {
    const key = options.localOnly ? 'localListeners' : 'listeners';
    this[key] = [...this[key], listener];
    return () => {
      this[key] = this[key].filter((l) => l !== listener);
    };
  }

  replay(since: number): ReplayResult {
    return this.history.since(since);
  }

  lastSeq(): number {
    return this.delivered;
  }

  sequenced(event: HubEvent): Promise<number> {
    if (event.seq !== 0) return Promise.resolve(event.seq);
    return new Promise((resolve) => {
      const waiting = this.waiters.get(event.id) ?? [];
      waiting.push(resolve);
      this.waiters.set(event.id, waiting);
    });
  }

  /**
   * Before the first post: raises the cluster seq to this instance's floor. Instances start from
   * what the database says, which differs between them (the log is written in batches); a client
   * subscribing here must never be told a seq that the cluster then hands out again.
   */
  async start(): Promise<void> {
    await this.raiseClusterSeq();
  }

  /** Stops receiving from the cluster (at shutdown). */
  close(): void {
    this.stopReceiving();
    this.stopReconnect();
    for (const pending of this.pending.values()) if (pending.timer) clearTimeout(pending.timer);
  }

  /** Redis answered with the event's seq: it is this instance's to log and to run hooks for. */
  private numbered(pending: PendingEvent, seq: number): void {
    const { event } = pending;
    this.assign(event, seq);
    this.runLocal(pending);
    if (!this.excludedFromLog.has(String(event.args.type))) this.writer.append(event);
    if (!this.pending.has(event.id)) return;
    // Delivery waits for the echo (so events reach listeners in seq order); if the subscriber
    // connection is what failed, deliver anyway rather than lose the event here.
    pending.timer = setTimeout(() => {
      if (!this.pending.delete(event.id)) return;
      this.log.warn({ seq }, 'own event never came back from redis; delivered locally');
      this.deliver(event, pending.receivers);
    }, ECHO_TIMEOUT_MS);
    pending.timer.unref();
  }

  /** A message on the events channel: `<seq> <instance> <event id> <event JSON>`. */
  private receive(message: string): void {
    const [seqText, instance, id] = message.split(' ', 3);
    const seq = Number(seqText);
    if (instance === this.link.instanceId) {
      const pending = this.pending.get(id);
      if (!pending) return;
      this.pending.delete(id);
      if (pending.timer) clearTimeout(pending.timer);
      this.assign(pending.event, seq);
      this.runLocal(pending);
      this.deliver(pending.event, pending.receivers);
      return;
    }
    const json = message.slice(seqText.length + instance.length + id.length + 3);
    let event: HubEvent;
    try {
      event = JSON.parse(json) as HubEvent;
    } catch (err) {
      this.log.error({ err, seq }, 'unreadable event from the cluster');
      return;
    }
    event.seq = seq;
    if (seq <= this.delivered) {
      // The cluster numbers below what this instance has delivered (its floor never reached
      // Redis): deliver anyway, and raise Redis so the next events are numbered above it.
      this.log.warn({ seq, delivered: this.delivered }, 'cluster seq behind this instance; raising it');
      void this.raiseClusterSeq();
    }
    this.highest = Math.max(this.highest, seq);
    this.deliver(event, this.listeners);
  }

  private assign(event: HubEvent, seq: number): void {
    this.highest = Math.max(this.highest, seq);
    if (event.seq !== 0) return;
    event.seq = seq;
    const waiting = this.waiters.get(event.id);
    if (!waiting) return;
    this.waiters.delete(event.id);
    for (const resolve of waiting) resolve(seq);
  }

  private runLocal(pending: PendingEvent): void {
    const receivers = pending.localReceivers;
    if (!receivers) return;
    pending.localReceivers = null;
    for (const listener of receivers) this.call(listener, pending.event);
  }

  private postLocally(event: HubEvent, receivers: EventListener[], localReceivers: EventListener[]): void {
    this.assign(event, Math.max(this.highest, this.delivered) + 1);
    for (const listener of localReceivers) this.call(listener, event);
    if (!this.excludedFromLog.has(String(event.args.type))) this.writer.append(event);
    this.deliver(event, receivers);
  }

  private deliver(event: HubEvent, receivers: EventListener[]): void {
    this.history.push(event);
    this.delivered = Math.max(this.delivered, event.seq);
    for (const listener of receivers) this.call(listener, event);
  }

  private call(listener: EventListener, event: HubEvent): void {
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

  /**
   * Retried (a busy Redis can time a command out): an instance whose floor never reached Redis
   * would hold its clients at a seq the others have not reached yet, and skip their events.
   * Redis down: nothing to do now; the reconnect calls this again.
   */
  private async raiseClusterSeq(): Promise<void> {
    for (let attempt = 1; attempt <= RAISE_ATTEMPTS && this.link.commandsReady(); attempt++) {
      try {
        const seq = Number(await this.link.redis.eval(RAISE_SCRIPT, 1, SEQ_KEY, this.highest));
        this.highest = Math.max(this.highest, seq);
        return;
      } catch (err) {
        this.log.warn({ err: (err as Error).message, attempt }, 'could not raise the cluster seq yet');
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }
}
