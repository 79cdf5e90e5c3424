import { Module } from '@nestjs/common';

import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_BUS, type EventBus } from '@hub/events';

import { PublicMountPolicy } from './resources/public-mount.policy';
import { ResourceMounts } from './resources/resource-mounts';
import { ResourcesController } from './resources/resources.controller';
import { ResourcesService } from './resources/resources.service';
import { UploadController } from './uploads/upload.controller';
import { UploadService } from './uploads/upload.service';
import { UploadStore } from './uploads/upload.store';

/** `/resources/<mount>/<path>` and `POST /upload`. */
@Module({
  controllers: [ResourcesController, UploadController],
  providers: [
    {
      provide: ResourceMounts,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => new ResourceMounts(config),
    },
    {
      provide: ResourcesService,
      inject: [ResourceMounts],
      useFactory: (mounts: ResourceMounts) => new ResourcesService(mounts),
    },
    PublicMountPolicy,
    {
      provide: UploadStore,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => UploadStore.open(config.http.upload_dir),
    },
    {
      provide: UploadService,
      inject: [HUB_CONFIG, EVENT_BUS, UploadStore],
      useFactory: (config: HubConfig, bus: EventBus, store: UploadStore) =>
        new UploadService(config.http.uploads, store, bus),
    },
  ],
  exports: [ResourceMounts],
})
export class FilesModule {}
