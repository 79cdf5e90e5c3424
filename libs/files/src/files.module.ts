import { Module } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { ResourceMounts } from './resources/resource-mounts';
import { ResourcesController } from './resources/resources.controller';
import { ResourcesService } from './resources/resources.service';

/** `/resources/<mount>/<path>` and `POST /upload`. */
@Module({
  controllers: [ResourcesController],
  providers: [
    {
      provide: ResourceMounts,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => new ResourceMounts(config),
    },
    {
      provide: ResourcesService,
      inject: [ResourceMounts],
      useFactory: (m: ResourceMounts) => new ResourcesService(m),
    },
  ],
  exports: [ResourceMounts],
})
export class FilesModule {}
