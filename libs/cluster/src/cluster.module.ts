import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';

import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { ClusterChanges } from './cluster-changes';
import { ClusterLease } from './cluster-lease';
import { ClusterLink } from './cluster-link';

/** The ClusterLink when `redis.url` is set, else null (one instance: everything stays local). */
export const CLUSTER_LINK = Symbol('CLUSTER_LINK');

@Global()
@Module({
  providers: [
    {
      provide: CLUSTER_LINK,
      inject: [HUB_CONFIG],
      useFactory: async (config: HubConfig): Promise<ClusterLink | null> => {
        if (!config.redis) return null;
        const link = new ClusterLink(config.redis.url);
        await link.start();
        return link;
      },
    },
    {
      provide: ClusterChanges,
      inject: [CLUSTER_LINK],
      useFactory: (link: ClusterLink | null) => new ClusterChanges(link),
    },
    {
      provide: ClusterLease,
      inject: [CLUSTER_LINK],
      useFactory: (link: ClusterLink | null) => new ClusterLease(link),
    },
  ],
  exports: [CLUSTER_LINK, ClusterChanges, ClusterLease],
})
export class ClusterModule implements OnApplicationShutdown {
  constructor(@Inject(CLUSTER_LINK) private readonly link: ClusterLink | null) {}

  // Modules shut down in reverse order of import: the bus and auth are done with Redis by now.
  async onApplicationShutdown(): Promise<void> {
    await this.link?.close();
  }
}
