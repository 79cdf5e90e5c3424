import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

import { EVENT_BUS, type EventBus } from '@hub/events';
import { HubMetrics } from '@hub/metrics';
import { LiveConnections, RealtimeGateway } from '@hub/realtime';

/**
 * Feeds the metrics that are observed from outside their module: events (a bus listener) and
 * the live-client gauges (read at scrape time).
 */
@Injectable()
export class MetricsSources implements OnApplicationBootstrap, OnModuleDestroy {
  private unsubscribe: (() => void) | null = null;

  constructor(
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(RealtimeGateway) private readonly gateway: RealtimeGateway,
    @Inject(LiveConnections) private readonly connections: LiveConnections,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.metrics.enabled) return;
    this.unsubscribe = this.bus.subscribe((event) => this.metrics.eventPosted(String(event.args.type)));
    this.metrics.countClientsWith({
      socket: () => this.gateway.clientCount,
      // Live connections are the socket.io clients plus the HTTP streams.
      feed: () => Math.max(0, this.connections.size - this.gateway.clientCount),
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
