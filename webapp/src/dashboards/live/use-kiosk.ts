import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { PageClock } from './page-clock';

/** `insecure`: the page is not HTTPS (nor localhost); `unsupported`/`refused`: the browser cannot or would not. */
export type WakeState = 'locked' | 'insecure' | 'unsupported' | 'refused' | 'off';

export interface KioskOptions {
  enabled: () => boolean;
  pixelShift: () => boolean;
}

/**
 * Wall-tablet mode: keeps the screen awake with the Wake Lock API (only on secure pages, so a
 * hint says why when it is not available) and, on request, moves the page by a pixel or two every
 * minute so that static parts do not burn into the screen.
 */
export function useKiosk(
  clock: PageClock,
  options: KioskOptions,
): { awake: Ref<WakeState>; shift: Ref<string> } {
  const awake = ref<WakeState>('off');
  const shift = ref('translate(0px, 0px)');
  let lock: { release(): Promise<void> } | null = null;
  let stopShift: (() => void) | null = null;

  async function acquire(): Promise<void> {
    const wakeLock = (
      navigator as Navigator & {
        wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> };
      }
    ).wakeLock;
    if (!window.isSecureContext || !wakeLock) {
      awake.value = window.isSecureContext ? 'unsupported' : 'insecure';
      return;
    }
    try {
      lock = await wakeLock.request('screen');
      awake.value = 'locked';
    } catch {
      awake.value = 'refused';
    }
  }

  // The lock is dropped whenever the page is hidden: take it again when shown.
  const onVisible = () => {
    if (document.visibilityState === 'visible' && options.enabled()) void acquire();
  };
  document.addEventListener('visibilitychange', onVisible);

  watch(
    () => [options.enabled(), options.pixelShift()] as const,
    ([enabled, pixelShift]) => {
      if (enabled && awake.value === 'off') void acquire();
      if (!enabled) {
        void lock?.release().catch(() => undefined);
        lock = null;
        awake.value = 'off';
      }
      stopShift?.();
      stopShift = null;
      shift.value = 'translate(0px, 0px)';
      if (enabled && pixelShift) {
        let step = 0;
        const offsets = [0, 1, 2, 1, 0, -1, -2, -1];
        stopShift = clock.every(60_000, () => {
          step++;
          shift.value = `translate(${offsets[step % 8]}px, ${offsets[(step + 2) % 8]}px)`;
        });
      }
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisible);
    stopShift?.();
    void lock?.release().catch(() => undefined);
  });
  return { awake, shift };
}

/** True between `start` and `end` (HH:MM, may wrap past midnight). */
export function isNight(now: Date, start: string, end: string): boolean {
  const minutes = now.getHours() * 60 + now.getMinutes();
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const s = toMinutes(start);
  const e = toMinutes(end);
  return s <= e ? minutes >= s && minutes < e : minutes >= s || minutes < e;
}
