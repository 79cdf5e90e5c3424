import type { PluginContext } from './plugin-context';

/** What a plugin holding a connection says about it (`state` in GET /api/v1/plugins). */
export interface PluginState {
  /** `connected`: the service answers; `connecting`: (re)trying; `error`: gave up this round. */
  status: 'connected' | 'connecting' | 'disconnected' | 'error';
  /** The last failure, as one line (never a secret: no URLs with credentials). */
  error?: string;
  /** ISO time of the last change of `status`. */
  since: string;
  [detail: string]: unknown;
}

/**
 * Optional methods of a `@Plugin()` class that runs in the background (connections, polling).
 * `start` is called once the hub is up, only when the plugin is enabled; it must not wait for a
 * service to answer (a broker that is down never stops the hub): the plugin owns its reconnect
 * loop. `stop` runs at shutdown and must release every socket and timer.
 */
export interface BackgroundPlugin<Options = Record<string, unknown>> {
  start(ctx: PluginContext<Options>): void | Promise<void>;
  stop(): void | Promise<void>;
  /** Current connection state, when there is one. */
  state?(): PluginState | Record<string, PluginState>;
}

export function isBackgroundPlugin(instance: unknown): instance is BackgroundPlugin {
  const candidate = instance as Partial<BackgroundPlugin> | null;
  return typeof candidate?.start === 'function' && typeof candidate.stop === 'function';
}

/** A state with `since` set to now. */
export function stateNow(status: PluginState['status'], extra: Omit<PluginState, 'status' | 'since'> = {}) {
  return { status, since: new Date().toISOString(), ...extra } satisfies PluginState;
}
