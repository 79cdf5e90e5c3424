import { Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CLUSTER_LINK, type ClusterLink } from '@hub/cluster';
import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { EVENT_BUS, type EventBus } from './event-bus';
import { EventHistory } from './event-history';
import { EventLogWriter } from './event-log.writer';
import { EventSequence } from './event-sequence';
import { InProcessEventBus } from './in-process-event-bus';
import { RedisEventBus } from './redis-event-bus';

const PRUNE_EVERY_MS = 60 * 60 * 1000;

@Global()
@Module({
  providers: [
    {
      provide: EventSequence,
      inject: [DataSource],
      useFactory: async (dataSource: DataSource) => {
        const sequence = new EventSequence(dataSource);
        await sequence.init();
        return sequence;
      },
    },
    {
      provide: EventLogWriter,
      inject: [DataSource, HUB_CONFIG],
      useFactory: (dataSource: DataSource, config: HubConfig) =>
        new EventLogWriter(dataSource, {
          days: config.events.log_retention_days,
          maxRows: config.events.log_max_rows,
        }),
    },
    {
      provide: EVENT_BUS,
      inject: [HUB_CONFIG, EventSequence, EventLogWriter, CLUSTER_LINK],
      useFactory: async (
        config: HubConfig,
        sequence: EventSequence,
        writer: EventLogWriter,
        link: ClusterLink | null,
      ): Promise<EventBus> => {
        const history = new EventHistory(config.events.history_size);
        const excluded = new Set(config.events.log_exclude_types);
        // With redis.url, Redis numbers the events; the database's seq is where it starts from.
        if (link) {
          const bus = new RedisEventBus(config.device_id, link, sequence.last(), history, writer, excluded);
          await bus.start();
          return bus;
        }
        return new InProcessEventBus(
          config.device_id,
          sequence,
          history,
          writer,
          excluded,
          config.events.max_stored_event_bytes,
        );
      },
    },
  ],
  exports: [EVENT_BUS, EventLogWriter],
})
export class EventsModule implements OnModuleInit, OnApplicationShutdown {
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(EventLogWriter) private readonly writer: EventLogWriter,
    @Inject(EventSequence) private readonly sequence: EventSequence,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.writer.prune();
    this.pruneTimer = setInterval(() => void this.writer.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  // Runs before DatabaseModule's shutdown hook closes the connection (modules shut down in reverse order).
  async onApplicationShutdown(): Promise<void> {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.bus instanceof RedisEventBus) this.bus.close();
    await this.writer.flush();
    await this.sequence.flush();
  }
}
