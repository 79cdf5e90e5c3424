import type { HubEvent } from '@hub/messages';

import type { ReplayResult } from './event-bus';

/** A fixed-size ring of the newest events, for resuming feeds by seq. */
export class EventHistory {
  private readonly ring: Array<HubEvent | undefined>;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<HubEvent | undefined>(capacity);
  }

  push(event: HubEvent): void {
    this.ring[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Oldest first. */
  since(seq: number): ReplayResult {
    const events: HubEvent[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const event = this.ring[(start + i) % this.capacity]!;
      if (event.seq > seq) events.push(event);
    }
    const oldest = this.count > 0 ? this.ring[start]!.seq : undefined;
    // Truncated when events between `since` and the oldest kept one have been dropped.
    const truncated = oldest !== undefined && seq < oldest - 1 && this.count === this.capacity;
    return { events, truncated };
  }
}
