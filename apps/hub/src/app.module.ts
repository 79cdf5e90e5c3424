import { type DynamicModule, Module } from '@nestjs/common';

import { AuthModule } from '@hub/auth';
import { AutomationModule } from '@hub/automation';
import { ClusterModule } from '@hub/cluster';
import { ConfigModule, type HubConfig } from '@hub/config';
import { DashboardsModule } from '@hub/dashboards';
import { DatabaseModule } from '@hub/database';
import { EventsModule } from '@hub/events';
import { FilesModule } from '@hub/files';
import { HttpApiModule } from '@hub/http-api';
import { MetricsModule } from '@hub/metrics';
import { PluginsModule } from '@hub/plugins';
import { RealtimeModule } from '@hub/realtime';

import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsSources } from './metrics/metrics-sources';

@Module({})
export class AppModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        MetricsModule,
        DatabaseModule,
        ClusterModule,
        EventsModule,
        AuthModule,
        FilesModule,
        RealtimeModule,
        PluginsModule,
        HttpApiModule,
        AutomationModule,
        DashboardsModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [MetricsSources],
    };
  }
}
