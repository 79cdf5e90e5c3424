import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@hub/auth';
import { AutomationModule } from '@hub/automation';
import { ConfigModule, type HubConfig } from '@hub/config';
import { DatabaseModule } from '@hub/database';
import { EventsModule } from '@hub/events';
import { FilesModule } from '@hub/files';
import { HttpApiModule } from '@hub/http-api';
import { PluginsModule } from '@hub/plugins';
import { RealtimeModule } from '@hub/realtime';
import { HealthController } from './health/health.controller';
import { HomeController } from './home/home.controller';

@Module({})
export class AppModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        EventsModule,
        AuthModule,
        FilesModule,
        RealtimeModule,
        PluginsModule,
        HttpApiModule,
        AutomationModule,
      ],
      controllers: [HealthController, HomeController],
    };
  }
}
