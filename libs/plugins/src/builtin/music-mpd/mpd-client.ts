import type { Logger } from 'pino';

import { ErrorCode, HubError } from '@hub/common';

import { type PluginState, stateNow } from '../../plugin-lifecycle';
import { MpdConnection } from './mpd-connection';
import { MpdError, type MpdPair } from './mpd-protocol';

/** Subsystems whose changes become events. */
const WATCHED = 'idle player mixer options playlist';
const CONNECT_TIMEOUT_MS = 3000;
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;
/** MPD drops clients idle for connection_timeout (60 s by default): close ours well before. */
const COMMAND_IDLE_CLOSE_MS = 20_000;

export interface MpdClientOptions {
  host: string;
  port: number;
  password?: string;
  commandTimeoutMs: number;
  log: Logger;
  /** Called with MPD's changed subsystems (and once, with `[]`, after each (re)connect). */
  onChange(subsystems: string[]): void;
}

/**
 * Our own MPD client. One connection sits in `idle` and reports changes the moment MPD makes
 * them (no polling); commands go through a second, lazily opened connection on which they queue
 * in order. The idle connection defines the state: while it is down the client retries with
 * backoff (250 ms doubling to 5 s) and commands fail at once with a clear message.
 */
export class MpdClient {
  private idle: MpdConnection | null = null;
  private commands: Promise<MpdConnection> | null = null;
  private commandsIdleTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MIN_MS;
  private stopped = false;
  private current: PluginState = stateNow('disconnected');

  constructor(private readonly options: MpdClientOptions) {}

  get label(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  state(): PluginState {
    return { ...this.current, host: this.options.host, port: this.options.port };
  }

  start(): void {
    this.stopped = false;
    this.current = stateNow('connecting');
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.idle?.close();
    this.idle = null;
    this.dropCommandConnection();
    this.current = stateNow('disconnected');
  }

  /** Runs one command line (arguments already quoted); 502 when MPD is unreachable or refuses. */
  async exec(line: string): Promise<MpdPair[]> {
    if (!this.idle?.isOpen) {
      const why = this.current.error ? ` (${this.current.error})` : '';
      throw new HubError(ErrorCode.ActionFailed, `MPD ${this.label} is not connected${why}`);
    }
    let connection: MpdConnection;
    try {
      connection = await this.commandConnection();
    } catch (err) {
      throw new HubError(ErrorCode.ActionFailed, `MPD ${this.label}: ${(err as Error).message}`);
    }
    this.armIdleClose();
    try {
      return await connection.command(line, this.options.commandTimeoutMs);
    } catch (err) {
      if (err instanceof MpdError) {
        throw new HubError(
          ErrorCode.ActionFailed,
          `MPD refused '${err.command || line.split(' ')[0]}': ${err.message}`,
        );
      }
      throw new HubError(ErrorCode.ActionFailed, `MPD ${this.label}: ${(err as Error).message}`);
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let idle: MpdConnection;
    try {
      idle = await this.open();
    } catch (err) {
      this.retryLater(err as Error);
      return;
    }
    if (this.stopped) return idle.close();
    this.idle = idle;
    this.retryMs = RETRY_MIN_MS;
    this.current = stateNow('connected', { version: idle.version });
    this.options.log.info({ mpd: this.label, version: idle.version }, 'music.mpd: connected');
    idle.onClose((err) => {
      if (this.idle !== idle) return;
      this.idle = null;
      this.dropCommandConnection();
      if (this.stopped) return;
      this.options.log.warn(
        { mpd: this.label, error: err?.message },
        'music.mpd: connection lost, reconnecting',
      );
      this.retryLater(err ?? new Error('connection closed'));
    });
    this.options.onChange([]);
    void this.idleLoop(idle);
  }

  private async idleLoop(idle: MpdConnection): Promise<void> {
    while (idle.isOpen && !this.stopped) {
      let pairs: MpdPair[];
      try {
        pairs = await idle.command(WATCHED, null);
      } catch {
        return; // the close listener reconnects
      }
      const changed = pairs.filter(([k]) => k === 'changed').map(([, v]) => v);
      if (changed.length > 0) this.options.onChange(changed);
    }
  }

  private async open(): Promise<MpdConnection> {
    const connection = await MpdConnection.open(this.options.host, this.options.port, CONNECT_TIMEOUT_MS);
    if (this.options.password !== undefined) {
      try {
        await connection.command(`password "${this.options.password.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
      } catch (err) {
        connection.close();
        throw new Error(
          err instanceof MpdError ? `password refused: ${err.message}` : (err as Error).message,
        );
      }
    }
    return connection;
  }

  private commandConnection(): Promise<MpdConnection> {
    if (this.commands) return this.commands;
    const opening = this.open();
    this.commands = opening;
    opening.then(
      (connection) =>
        connection.onClose(() => {
          if (this.commands === opening) this.commands = null;
        }),
      () => {
        if (this.commands === opening) this.commands = null;
      },
    );
    return opening;
  }

  private armIdleClose(): void {
    if (this.commandsIdleTimer) clearTimeout(this.commandsIdleTimer);
    this.commandsIdleTimer = setTimeout(() => this.dropCommandConnection(), COMMAND_IDLE_CLOSE_MS);
    this.commandsIdleTimer.unref();
  }

  private dropCommandConnection(): void {
    if (this.commandsIdleTimer) clearTimeout(this.commandsIdleTimer);
    const commands = this.commands;
    this.commands = null;
    void commands?.then(
      (c) => c.close(),
      () => undefined,
    );
  }

  private retryLater(err: Error): void {
    if (this.stopped) return;
    this.current = stateNow('connecting', { error: err.message });
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => void this.connect(), wait);
  }
}
