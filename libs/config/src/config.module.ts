import { type DynamicModule, Global, Module } from '@nestjs/common';

import { HUB_CONFIG, type HubConfig } from './hub-config';

/** Provides the already-loaded config (loaded in main.ts before Nest boots) as HUB_CONFIG. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: HUB_CONFIG, useValue: config }],
      exports: [HUB_CONFIG],
    };
  }
}
