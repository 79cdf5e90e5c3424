import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

import { AutomationService } from './automation.service';
import { HooksApiController } from './hooks-api/hooks-api.controller';
import { RuntimeHooksRepository } from './hooks-api/runtime-hooks.repository';
import { RuntimeHooksService } from './hooks-api/runtime-hooks.service';
import { ScriptsService } from './scripts/scripts.service';
import { WebhookController } from './webhooks/webhook.controller';
import { WebhookService } from './webhooks/webhook.service';

/**
 * Hooks, procedures, crons, user scripts, `/hook/:name` and `/api/v1/hooks`. Needs EVENT_BUS,
 * ACTION_DISPATCHER, HUB_CONFIG and the DataSource from their (global) modules; `/hook/:name`
 * needs bootstrap to call `installWebhookBodyCapture()` on Fastify.
 */
@Module({
  controllers: [WebhookController, HooksApiController],
  providers: [AutomationService, RuntimeHooksRepository, RuntimeHooksService, ScriptsService, WebhookService],
  exports: [AutomationService, WebhookService],
})
export class AutomationModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(AutomationService) private readonly automation: AutomationService,
    @Inject(RuntimeHooksService) private readonly runtimeHooks: RuntimeHooksService,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
  ) {}

  /** Config first, so that a script or stored hook cannot take a config hook's name. */
  async onModuleInit(): Promise<void> {
    this.automation.start();
    await this.runtimeHooks.load();
    this.scripts.start();
  }

  onApplicationShutdown(): void {
    this.scripts.stop();
    this.automation.stop();
  }
}
