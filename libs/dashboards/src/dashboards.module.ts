import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

import { createLogger } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_BUS, type EventBus } from '@hub/events';
import { HttpApiModule } from '@hub/http-api';

import { formatIssue } from './dashboard-document';
import { DashboardPageController } from './dashboard-page.controller';
import { DashboardsController } from './dashboards.controller';
import { DashboardsService } from './dashboards.service';
import { DashboardFiles } from './files/dashboard-files';
import { DashboardWatcher } from './files/dashboard-watcher';

const log = createLogger('Dashboards');

/** `dashboards_dir`, by default `<config dir>/dashboards`: where platypush keeps them too. */
export function dashboardsDir(config: HubConfig): string {
  return config.dashboards_dir;
}

/**
 * XML dashboards: files, API, watching. Needs HUB_CONFIG and EVENT_BUS from their global modules;
 * PUT and validate need bootstrap to call `installDashboardXmlBody()` on Fastify.
 */
@Module({
  imports: [HttpApiModule],
  controllers: [DashboardsController, DashboardPageController],
  providers: [
    {
      provide: DashboardFiles,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => new DashboardFiles(dashboardsDir(config)),
    },
    {
      provide: DashboardsService,
      inject: [DashboardFiles, EVENT_BUS],
      useFactory: (files: DashboardFiles, bus: EventBus) => new DashboardsService(files, bus),
    },
  ],
  exports: [DashboardsService],
})
export class DashboardsModule implements OnModuleInit, OnApplicationShutdown {
  private watcher: DashboardWatcher | null = null;

  constructor(
    @Inject(DashboardsService) private readonly dashboards: DashboardsService,
    @Inject(DashboardFiles) private readonly files: DashboardFiles,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** Checked at start like the rest of the config: a broken dashboard is reported with file:line, the hub starts anyway. */
  async onModuleInit(): Promise<void> {
    for (const { name, document } of await this.dashboards.scan()) {
      for (const issue of document.errors) log.warn(formatIssue(`dashboards/${name}.xml`, issue));
    }
    this.watcher = new DashboardWatcher(
      this.files.dir,
      this.config.config_dir,
      (name) =>
        void this.dashboards
          .noteChange(name)
          .catch((err: unknown) => log.warn({ err, name }, 'dashboard re-read failed')),
      () =>
        void this.dashboards.rescan().catch((err: unknown) => log.warn({ err }, 'dashboards rescan failed')),
    );
    this.watcher.start();
  }

  onApplicationShutdown(): void {
    this.watcher?.close();
  }
}
