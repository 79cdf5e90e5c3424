import { Global, Module } from '@nestjs/common';

import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { HubMetrics } from './hub-metrics';

/** Provides HubMetrics; every module may record into it (`@Optional()`, so unit tests need none). */
@Global()
@Module({
  providers: [
    {
      provide: HubMetrics,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => new HubMetrics({ enabled: config.metrics.enabled }),
    },
  ],
  exports: [HubMetrics],
})
export class MetricsModule {}
