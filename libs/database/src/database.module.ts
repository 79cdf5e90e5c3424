import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { openDataSource } from './data-source.factory';

@Global()
@Module({
  providers: [
    { provide: DataSource, inject: [HUB_CONFIG], useFactory: (config: HubConfig) => openDataSource(config) },
  ],
  exports: [DataSource],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
