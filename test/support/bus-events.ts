import { EVENT_BUS, type EventBus } from '@hub/events';
import type { HubEvent } from '@hub/messages';

import type { TestHub } from './test-hub';

/** An event with its fields readable without narrowing on the type. */
export type AnyEvent = Omit<HubEvent, 'args'> & { args: { type: string; [field: string]: unknown } };

/** Resolves with the next event of `type` (matching `where`) posted on the hub's bus. */
export function nextEvent(
  hub: TestHub,
  type: string,
  where: (event: AnyEvent) => boolean = () => true,
  timeoutMs = 5000,
): Promise<AnyEvent> {
  const bus = hub.app.get<EventBus>(EVENT_BUS);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = bus.subscribe((posted) => {
      const event = posted as AnyEvent;
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
