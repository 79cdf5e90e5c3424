import { inject, onBeforeUnmount, onMounted, ref, shallowRef, watch, type InjectionKey, type Ref } from 'vue';
import type { HubEvent } from '../../api/wire';
import { ActionError } from '../dashboard-api';
import { TILE_STATE } from '../tile-state';
import type { DashboardFeed } from './dashboard-feed';
import type { PageClock } from './page-clock';

/** What a dashboard page gives its widgets: the one feed and the one clock. */
export interface DashboardContext {
  feed: DashboardFeed;
  clock: PageClock;
  /** True while the page is not connected to the hub: every live tile is then marked stale. */
  offline: Ref<boolean>;
}

export const DASHBOARD_CONTEXT: InjectionKey<DashboardContext> = Symbol('dashboard-context');

export interface LiveDataOptions<T> {
  /** The snapshot: what the widget shows, read fresh from the hub. */
  load: () => Promise<T>;
  /** Event types that change it (read again when `key` changes). */
  types?: string[] | (() => string[]);
  /**
   * Applies one event to the current value: a new value, `undefined` to ignore the event, or
   * `'reload'` when only a fresh snapshot will do.
   */
  apply?: (event: HubEvent, current: T | undefined) => T | undefined | 'reload';
  /** Also re-load every N seconds while the page is visible (0: never). */
  refreshSeconds?: number;
  /** What the snapshot depends on (attributes): a live edit that changes it re-loads. */
  key?: () => unknown;
}

export interface LiveData<T> {
  data: Ref<T | undefined>;
  /** The last load's error message (the value shown, if any, is the one before). */
  error: Ref<string | null>;
  /** True when what is shown may be out of date: offline, or the last load failed. */
  stale: Ref<boolean>;
  loading: Ref<boolean>;
  /** The plugin the snapshot needs is not configured on the hub (the tile says so). */
  missingPlugin: Ref<string | null>;
  reload: () => Promise<void>;
}

/**
 * The one rule every widget's data follows (Node-RED Dashboard's data tracker, HA's card
 * wrapper): load a snapshot, then follow events; after a reconnect, a hub restart or a wake-up,
 * load again; events that arrive while a load is in flight are applied after it, so an older
 * snapshot never overwrites a newer event; periodic refreshes pause while the page is hidden and
 * everything stops on unmount.
 */
export function useLiveData<T>(options: LiveDataOptions<T>): LiveData<T> {
  const ctx = inject(DASHBOARD_CONTEXT);
  if (!ctx) throw new Error('useLiveData() outside a dashboard');
  const data = shallowRef<T | undefined>(undefined);
  const error = ref<string | null>(null);
  const failed = ref(false);
  const loading = ref(false);
  const missingPlugin = ref<string | null>(null);
  const stale = ref(false);
  const cleanups: Array<() => void> = [];
  let inFlight: Promise<void> | null = null;
  let queued: HubEvent[] | null = null;
  let unmounted = false;

  const tile = inject(TILE_STATE, null);
  const updateStale = () => {
    stale.value = ctx.offline.value || failed.value;
    if (tile) tile.stale = stale.value;
  };

  let again = false;

  async function reload(): Promise<void> {
    // A reload asked for during a load (a reconnect while the old connection's request is still
    // out) runs once more afterwards: the answer in flight may predate what it was asked for.
    if (inFlight) {
      again = true;
      return inFlight;
    }
    loading.value = true;
    queued = [];
    inFlight = (async () => {
      try {
        const value = await options.load();
        if (unmounted) return;
        data.value = value;
        error.value = null;
        failed.value = false;
        missingPlugin.value = null;
        const pending = queued ?? [];
        queued = null;
        for (const event of pending) applyEvent(event);
      } catch (err) {
        if (unmounted) return;
        if (err instanceof ActionError && err.missingPlugin) {
          // Not stale: nothing will ever arrive until the owner configures it.
          missingPlugin.value = err.missingPlugin;
          return;
        }
        error.value = err instanceof Error ? err.message : String(err);
        failed.value = true;
      } finally {
        queued = null;
        loading.value = false;
        inFlight = null;
        updateStale();
        if (again && !unmounted) {
          again = false;
          void reload();
        }
      }
    })();
    return inFlight;
  }

  function applyEvent(event: HubEvent): void {
    if (queued) {
      queued.push(event);
      return;
    }
    const next = options.apply ? options.apply(event, data.value) : 'reload';
    if (next === 'reload') void reload();
    else if (next !== undefined) data.value = next;
  }

  let typeCleanups: Array<() => void> = [];
  const follow = () => {
    for (const cleanup of typeCleanups) cleanup();
    const types = typeof options.types === 'function' ? options.types() : (options.types ?? []);
    typeCleanups = types.map((type) => ctx.feed.on(type, applyEvent));
  };

  onMounted(() => {
    follow();
    cleanups.push(() => {
      for (const cleanup of typeCleanups) cleanup();
    });
    cleanups.push(ctx.feed.onResync(() => void reload()));
    cleanups.push(ctx.clock.onOnlineChange(updateStale));
    if (options.refreshSeconds && options.refreshSeconds > 0) {
      cleanups.push(ctx.clock.every(options.refreshSeconds * 1000, () => void reload()));
    }
    void reload();
  });
  if (options.key) {
    watch(options.key, () => {
      follow();
      data.value = undefined;
      void reload();
    });
  }

  onBeforeUnmount(() => {
    unmounted = true;
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  return { data, error, stale, loading, missingPlugin, reload };
}

/** A timer for widgets that only tick (clocks, carousels): paused while hidden, gone on unmount. */
export function useTicker(ms: number, tick: () => void): void {
  const ctx = inject(DASHBOARD_CONTEXT);
  if (!ctx) throw new Error('useTicker() outside a dashboard');
  let stop: (() => void) | null = null;
  onMounted(() => (stop = ctx.clock.every(ms, tick)));
  onBeforeUnmount(() => stop?.());
}
