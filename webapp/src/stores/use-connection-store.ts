import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { hubSocket } from '../api/socket';

export type ConnectionState = 'online' | 'offline' | 'connecting';

/** The banner shows only when the hub has been unreachable this long (a restart is quicker). */
export const OFFLINE_BANNER_DELAY_MS = 3000;

type Listener = () => void;

/**
 * Whether the page is connected to the hub, from the socket.io connection's life cycle. Other
 * stores register `onReconnect` to catch up (events resume with `since`).
 */
export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>('connecting');
  const offlineSince = ref<number | null>(null);
  const now = ref(Date.now());
  const everConnected = ref(false);
  const reconnectListeners = new Set<Listener>();
  const rejectedListeners = new Set<Listener>();
  let timer: ReturnType<typeof setInterval> | null = null;

  const showBanner = computed(
    () =>
      state.value !== 'online' &&
      offlineSince.value !== null &&
      now.value - offlineSince.value >= OFFLINE_BANNER_DELAY_MS,
  );

  function markDown(next: ConnectionState): void {
    state.value = next;
    offlineSince.value ??= Date.now();
    timer ??= setInterval(() => (now.value = Date.now()), 500);
  }

  function markUp(): void {
    state.value = 'online';
    offlineSince.value = null;
    if (timer) clearInterval(timer);
    timer = null;
  }

  function start(): void {
    const socket = hubSocket();
    socket.on('connect', () => {
      const again = everConnected.value;
      everConnected.value = true;
      markUp();
      if (again) for (const listener of reconnectListeners) listener();
    });
    socket.on('disconnect', (reason) => {
      markDown('connecting');
      // The server closed it on purpose (revoked token, logged-out session): no auto-reconnect.
      if (reason === 'io server disconnect') {
        state.value = 'offline';
        for (const listener of rejectedListeners) listener();
      }
    });
    socket.on('connect_error', (err) => {
      markDown('offline');
      if (err.message === 'Unauthorized') for (const listener of rejectedListeners) listener();
    });
    socket.io.on('reconnect_attempt', () => {
      if (state.value !== 'online') state.value = 'connecting';
    });
    if (socket.connected) markUp();
    else markDown('connecting');
  }

  /** Runs after every reconnect (not the first connect). Returns the unregister function. */
  function onReconnect(listener: Listener): () => void {
    reconnectListeners.add(listener);
    return () => reconnectListeners.delete(listener);
  }

  /** Runs when the hub refuses or drops the connection on purpose (credentials no longer valid). */
  function onRejected(listener: Listener): () => void {
    rejectedListeners.add(listener);
    return () => rejectedListeners.delete(listener);
  }

  return { state, showBanner, start, onReconnect, onRejected };
});
