import { randomUUID } from 'node:crypto';

import type * as IORedis from 'ioredis';
import type { Redis } from 'ioredis';

import { createLogger, lazyModule } from '@hub/common';

const ioredis = lazyModule<typeof IORedis>('ioredis');

export type LinkState = 'connecting' | 'up' | 'down';
export type MessageHandler = (message: string) => void;

/** How long a command may wait for Redis before the caller falls back to local behaviour. */
const COMMAND_TIMEOUT_MS = 5000;

/**
 * This instance's connection to the other instances of the cluster: two Redis connections (one
 * for commands, one subscribed to channels) that reconnect by themselves. Nothing waits for Redis
 * while it is down: commands fail at once (no offline queue) and callers fall back to what works
 * on one instance; `state` says which it is.
 */
export class ClusterLink {
  /** Unique per process: tells this instance's own messages from the others'. */
  readonly instanceId = randomUUID();
  /** For commands and scripts; never in subscriber mode. */
  readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly reconnectHandlers = new Set<() => void | Promise<void>>();
  /** Reconnect handlers still running (raising the seq): not up for callers until they are done. */
  private restoring = false;
  private readonly log = createLogger('Cluster');
  private wasUp = false;
  /** The subscriber's channels are confirmed subscribed on its current connection. */
  private listening = false;

  constructor(url: string) {
    const options = {
      lazyConnect: true,
      // Reconnect every 100 ms .. 1 s, forever: the hub never gives up on Redis.
      retryStrategy: (times: number) => Math.min(times * 100, 1000),
      connectTimeout: 5000,
    };
    const { Redis: RedisClient } = ioredis();
    this.redis = new RedisClient(url, {
      ...options,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: COMMAND_TIMEOUT_MS,
    });
    // The subscriber queues its SUBSCRIBEs until connected, however long Redis takes to appear.
    this.subscriber = new RedisClient(url, {
      ...options,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    this.subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    // Every (re)connect subscribes to every channel again: a SUBSCRIBE lost with a connection
    // must not leave this instance deaf to the cluster.
    // The link counts as up only once that is confirmed: before, other instances' events would
    // be missed.
    const safeUrl = url.replace(/\/\/[^@/]*@/, '//***@');
    this.subscriber.on('ready', () => {
      const channels = [...this.handlers.keys()];
      const subscribed = channels.length > 0 ? this.subscriber.subscribe(...channels) : Promise.resolve();
      subscribed.then(
        () => {
          this.listening = true;
          this.changed(safeUrl);
        },
        () => undefined,
      );
    });
    this.subscriber.on('close', () => (this.listening = false));
    for (const [name, client] of [
      ['commands', this.redis],
      ['subscriber', this.subscriber],
    ] as const) {
      client.on('error', (err: Error) =>
        this.log.debug({ err: err.message, connection: name }, 'redis error'),
      );
      client.on('ready', () => this.changed(safeUrl));
      client.on('close', () => this.changed(safeUrl));
    }
  }

  /** Connects both; resolves even when Redis is down (the hub then starts degraded and keeps trying). */
  async start(): Promise<void> {
    await Promise.all(
      [this.redis, this.subscriber].map((client) =>
        client.connect().catch((err: unknown) => {
          this.log.warn({ err: (err as Error).message }, 'redis is not reachable yet; running degraded');
        }),
      ),
    );
  }

  /** `up` when both connections are ready: events, revocations and limits are shared. */
  get state(): LinkState {
    if (this.redis.status === 'ready' && this.subscriber.status === 'ready' && this.listening) {
      return this.restoring ? 'connecting' : 'up';
    }
    return this.wasUp || this.redis.status === 'end' ? 'down' : 'connecting';
  }

  isUp(): boolean {
    return this.state === 'up';
  }

  /** The command connection alone is ready (what reconnect handlers need to restore state). */
  commandsReady(): boolean {
    return this.redis.status === 'ready';
  }

  /** Sends to every instance (this one included); false when Redis is unreachable. */
  async publish(channel: string, message: string): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    try {
      await this.redis.publish(channel, message);
      return true;
    } catch (err) {
      this.log.warn({ err: (err as Error).message, channel }, 'could not publish to redis');
      return false;
    }
  }

  /** Calls `handler` with every message on `channel`, from any instance. Returns the unsubscribe function. */
  on(channel: string, handler: MessageHandler): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      void this.subscriber.subscribe(channel).catch((err: unknown) => {
        this.log.warn({ err: (err as Error).message, channel }, 'could not subscribe');
      });
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Called each time the link comes (back) up, e.g. to restore what Redis lost. */
  onReconnect(handler: () => void | Promise<void>): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    this.subscriber.disconnect();
  }

  private dispatch(channel: string, message: string): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(message);
      } catch (err) {
        this.log.error({ err, channel }, 'cluster message handler failed');
      }
    }
  }

  private changed(url: string): void {
    if (this.restoring) return;
    const up = this.isUp();
    if (up === this.wasUp) return;
    this.wasUp = up;
    if (up) {
      // What Redis lost is put back (the seq raised past what this instance has seen) before
      // anyone here posts through it again.
      this.restoring = true;
      void Promise.allSettled([...this.reconnectHandlers].map(async (handler) => handler())).then(() => {
        this.restoring = false;
        this.log.info({ url }, 'redis connected: sharing events with the cluster');
        this.changed(url);
      });
    } else {
      this.log.warn({ url }, 'redis connection lost: serving local clients only until it is back');
    }
  }
}
