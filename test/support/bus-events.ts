import { EVENT_BUS, type EventBus } from '@hub/events';
import type { HubEvent } from '@hub/messages';
import type { TestHub } from './test-hub';

/** Resolves with the next event of `type` (matching `where`) posted on the hub's bus. */
export function nextEvent(
  hub: TestHub,
  type: string,
  where: (event: HubEvent) => boolean = () => true,
  timeoutMs = 5000,
): Promise<HubEvent> {
  const bus = hub.app.get<EventBus>(EVENT_BUS);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = bus.subscribe((event) => {
      if (event.args.type !== type || !where(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}

/** Every event of `type` posted from now on, until the returned stop() is called. */
export function collectEvents(hub: TestHub, type: string): { events: HubEvent[]; stop: () => void } {
  const events: HubEvent[] = [];
  const stop = hub.app.get<EventBus>(EVENT_BUS).subscribe((event) => {
    if (event.args.type === type) events.push(event);
  });
  return { events, stop };
}
