import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

import type * as Mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';

import { ErrorCode, HubError, lazyModule, topicMatches } from '@hub/common';

const mqtt = lazyModule<typeof Mqtt>('mqtt');

export type QoS = 0 | 1 | 2;
import type { PluginContext } from '../../plugin-context';
import { type PluginState, stateNow } from '../../plugin-lifecycle';
import type { MqttBrokerOptions } from './mqtt.config';
import { decodePayload } from './mqtt-payload';

/** Seconds between reconnect attempts (MQTT.js retries at this pace while the broker is down). */
const RECONNECT_MS = 1000;
const CONNECT_TIMEOUT_MS = 5000;

interface ReplyWaiter {
  resolve(payload: Buffer): void;
}

/**
 * One connection to one broker, owned for the hub's lifetime. MQTT.js retries the socket; this
 * class keeps the subscriptions (config topics + run-time ones) and subscribes them again on
 * every connect, posts each message as MQTTMessageEvent and the connection changes as
 * MQTTConnectedEvent / MQTTDisconnectedEvent. A broker that is down only makes its state say so.
 */
export class MqttBroker {
  private client: MqttClient | null = null;
  private readonly subscriptions = new Map<string, QoS>();
  private readonly replyWaiters = new Map<string, Set<ReplyWaiter>>();
  private current: PluginState = stateNow('disconnected');
  private wasConnected = false;

  constructor(
    readonly options: MqttBrokerOptions,
    private readonly ctx: PluginContext,
    private readonly maxPayloadBytes: number,
  ) {
    for (const topic of options.topics) this.subscriptions.set(topic, 0);
  }

  get label(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  is(host: string, port: number): boolean {
    return this.options.host === host && this.options.port === port;
  }

  state(): PluginState {
    return {
      ...this.current,
      host: this.options.host,
      port: this.options.port,
      topics: [...this.subscriptions.keys()],
    };
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Starts connecting and returns at once; the connection comes (and comes back) on its own. */
  start(): void {
    let options: IClientOptions;
    try {
      options = clientOptions(this.options, this.ctx.paths.configDir);
    } catch (err) {
      this.setState('error', (err as Error).message);
      this.ctx.log.error({ broker: this.label, error: (err as Error).message }, 'mqtt: cannot connect');
      return;
    }
    this.setState('connecting');
    const client = mqtt().connect(options);
    this.client = client;
    client.on('connect', () => void this.onConnect(client));
    client.on('message', (topic, payload, packet) =>
      this.onMessage(topic, payload, packet.qos, packet.retain),
    );
    client.on('error', (err) => {
      // Refused credentials, TLS failures, unreachable brokers: reported, retried, never thrown.
      this.current = stateNow(this.current.status === 'connected' ? 'connected' : 'error', {
        error: err.message,
      });
      this.ctx.log.warn({ broker: this.label, error: err.message }, 'mqtt: connection error');
    });
    client.on('close', () => {
      if (this.wasConnected) {
        this.wasConnected = false;
        this.ctx.post('MQTTDisconnectedEvent', {
          host: this.options.host,
          port: this.options.port,
          error: this.current.error ?? null,
        });
        this.ctx.log.warn({ broker: this.label }, 'mqtt: disconnected, reconnecting');
      }
      if (this.client === client) this.setState('connecting', this.current.error);
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    this.wasConnected = false;
    await new Promise<void>((done) => client.end(true, {}, () => done()));
    this.setState('disconnected');
  }

  async subscribe(filter: string, qos: QoS): Promise<void> {
    this.subscriptions.set(filter, qos);
    if (this.connected)
      await this.call((c, cb) => c.subscribe(filter, { qos }, (err) => cb(err ?? undefined)));
  }

  async unsubscribe(filter: string): Promise<void> {
    this.subscriptions.delete(filter);
    if (this.connected) await this.call((c, cb) => c.unsubscribe(filter, {}, (err) => cb(err ?? undefined)));
  }

  async publish(topic: string, payload: string | Buffer, qos: QoS, retain: boolean): Promise<void> {
    await this.call((c, cb) => c.publish(topic, payload, { qos, retain }, (err) => cb(err ?? undefined)));
  }

  /**
   * Subscribes to `topic` (if it is not already), then runs `send`, then waits for the first
   * message on `topic`. The temporary subscription is dropped afterwards.
   */
  async request(
    topic: string,
    send: () => Promise<void>,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<Buffer> {
    const temporary = !this.subscriptions.has(topic);
    let waiter: ReplyWaiter | undefined;
    const reply = new Promise<Buffer>((resolve) => (waiter = { resolve }));
    const set = this.replyWaiters.get(topic) ?? new Set();
    set.add(waiter!);
    this.replyWaiters.set(topic, set);
    let timer: NodeJS.Timeout | undefined;
    try {
      if (temporary)
        await this.call((c, cb) => c.subscribe(topic, { qos: 0 }, (err) => cb(err ?? undefined)));
      await send();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new HubError(ErrorCode.Timeout, `no reply on '${topic}' within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
        signal.addEventListener('abort', () => reject(new HubError(ErrorCode.Timeout, 'cancelled')), {
          once: true,
        });
      });
      return await Promise.race([reply, timeout]);
    } finally {
      clearTimeout(timer);
      set.delete(waiter!);
      if (set.size === 0) this.replyWaiters.delete(topic);
      if (temporary && !this.subscriptions.has(topic) && this.connected) {
        this.client?.unsubscribe(topic, () => undefined);
      }
    }
  }

  private async onConnect(client: MqttClient): Promise<void> {
    if (this.client !== client) return;
    const filters = [...this.subscriptions];
    try {
      for (const [filter, qos] of filters) {
        await new Promise<void>((done, fail) =>
          client.subscribe(filter, { qos }, (err) => (err ? fail(err) : done())),
        );
      }
    } catch (err) {
      this.ctx.log.warn({ broker: this.label, error: (err as Error).message }, 'mqtt: subscribe failed');
    }
    if (this.client !== client || !client.connected) return;
    this.wasConnected = true;
    this.setState('connected');
    this.ctx.log.info({ broker: this.label, topics: filters.length }, 'mqtt: connected');
    this.ctx.post('MQTTConnectedEvent', { host: this.options.host, port: this.options.port });
  }

  private onMessage(topic: string, payload: Buffer, qos: number, retain: boolean): void {
    for (const waiter of this.replyWaiters.get(topic) ?? []) waiter.resolve(payload);
    if (!this.subscribedTo(topic)) return;
    if (payload.length > this.maxPayloadBytes) {
      this.ctx.log.warn(
        { broker: this.label, topic, bytes: payload.length, limit: this.maxPayloadBytes },
        'mqtt: message larger than max_payload_bytes dropped',
      );
      return;
    }
    this.ctx.post('MQTTMessageEvent', {
      ...decodePayload(payload),
      topic,
      host: this.options.host,
      port: this.options.port,
      qos,
      retain,
    });
  }

  private subscribedTo(topic: string): boolean {
    if (this.subscriptions.has(topic)) return true;
    for (const filter of this.subscriptions.keys()) if (topicMatches(filter, topic)) return true;
    return false;
  }

  /** Runs one client call; fails at once (502) when the broker is not connected. */
  private call(op: (client: MqttClient, done: (err?: Error) => void) => void): Promise<void> {
    const client = this.client;
    if (!client?.connected) {
      const why = this.current.error ? ` (${this.current.error})` : '';
      return Promise.reject(
        new HubError(ErrorCode.ActionFailed, `MQTT broker ${this.label} is not connected${why}`),
      );
    }
    return new Promise((resolve, reject) =>
      op(client, (err) =>
        err ? reject(new HubError(ErrorCode.ActionFailed, `MQTT ${this.label}: ${err.message}`)) : resolve(),
      ),
    );
  }

  private setState(status: PluginState['status'], error?: string): void {
    if (this.current.status === status && this.current.error === error) return;
    this.current = stateNow(status, error ? { error } : {});
  }
}

function clientOptions(options: MqttBrokerOptions, configDir: string): IClientOptions {
  const file = (path: string) => readFileSync(isAbsolute(path) ? path : resolve(configDir, path));
  const tls =
    options.tls_cafile !== undefined ||
    options.tls_certfile !== undefined ||
    options.tls_keyfile !== undefined ||
    options.tls_insecure;
  return {
    protocol: tls ? 'mqtts' : 'mqtt',
    host: options.host,
    port: options.port,
    clientId: options.client_id ?? `hub-${randomBytes(6).toString('hex')}`,
    username: options.username,
    password: options.password,
    clean: true,
    // Subscriptions are ours to renew (onConnect), including ones made while disconnected.
    resubscribe: false,
    reconnectPeriod: RECONNECT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Publishing while disconnected fails the action instead of queueing it silently.
    queueQoSZero: false,
    ...(tls && {
      ca: options.tls_cafile ? file(options.tls_cafile) : undefined,
      cert: options.tls_certfile ? file(options.tls_certfile) : undefined,
      key: options.tls_keyfile ? file(options.tls_keyfile) : undefined,
      rejectUnauthorized: !options.tls_insecure,
      minVersion: options.tls_version
        ? (options.tls_version.replace('tlsv', 'TLSv') as 'TLSv1.2')
        : undefined,
      ciphers: options.tls_ciphers,
    }),
  };
}
