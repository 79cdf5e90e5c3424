import { onBeforeUnmount, ref, type Ref } from 'vue';
import type { Socket } from 'socket.io-client';
import type { PageClock } from './page-clock';

const PROBE_EVERY_MS = 2000;
const PROBE_TIMEOUT_MS = 1500;

/**
 * Whether the page can reach the hub, known within about three seconds whatever the failure:
 * the socket's own disconnect (hub stopped or restarted), the browser going offline, or a
 * connection that silently stopped answering (a Wi-Fi drop socket.io would only notice after its
 * ping timeout): a cheap acknowledged message probes it every two seconds while the page is
 * visible, and a probe without an answer forces a reconnect.
 */
export function useDashboardConnection(socket: Socket, clock: PageClock, onChange: () => void): Ref<boolean> {
  const offline = ref(!socket.connected);
  const set = (value: boolean) => {
    if (offline.value === value) return;
    offline.value = value;
    onChange();
  };
  const onConnect = () => set(false);
  const onDisconnect = () => set(true);
  const onBrowserOffline = () => set(true);
  const onBrowserOnline = () => {
    if (!socket.connected) socket.connect();
  };
  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onDisconnect);
  window.addEventListener('offline', onBrowserOffline);
  window.addEventListener('online', onBrowserOnline);

  let probing = false;
  const stopProbe = clock.every(PROBE_EVERY_MS, () => {
    if (!socket.connected || probing) return;
    probing = true;
    // `unsubscribe` of a type nobody follows: acknowledged, changes nothing.
    socket
      .timeout(PROBE_TIMEOUT_MS)
      .emitWithAck('unsubscribe', { types: ['DashboardProbeEvent'] })
      .then(
        () => set(false),
        () => {
          set(true);
          socket.disconnect().connect();
        },
      )
      .finally(() => (probing = false));
  });

  onBeforeUnmount(() => {
    stopProbe();
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onDisconnect);
    window.removeEventListener('offline', onBrowserOffline);
    window.removeEventListener('online', onBrowserOnline);
  });
  return offline;
}
