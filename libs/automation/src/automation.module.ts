import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AutomationService } from './automation.service';
import { HooksApiController } from './hooks-api/hooks-api.controller';
import { RuntimeHooksRepository } from './hooks-api/runtime-hooks.repository';
import { RuntimeHooksService } from './hooks-api/runtime-hooks.service';
import { ScriptsService } from './scripts/scripts.service';
import { installWebhookBodyCapture } from './webhooks/webhook-body';
import { WebhookController } from './webhooks/webhook.controller';
import { WebhookService } from './webhooks/webhook.service';

/**
 * Hooks, procedures, crons, user scripts, `/hook/:name` and `/api/v1/hooks`. Needs EVENT_BUS,
 * ACTION_DISPATCHER, HUB_CONFIG and the DataSource from their (global) modules.
 */
@Module({
  controllers: [WebhookController, HooksApiController],
  providers: [AutomationService, RuntimeHooksRepository, RuntimeHooksService, ScriptsService, WebhookService],
  exports: [AutomationService],
})
export class AutomationModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(AutomationService) private readonly automation: AutomationService,
    @Inject(RuntimeHooksService) private readonly runtimeHooks: RuntimeHooksService,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(HttpAdapterHost) adapterHost: HttpAdapterHost,
    @Inject(WebhookService) webhooks: WebhookService,
  ) {
    // Runs while Nest instantiates modules, before `app.init()` registers the routes.
    const adapter = adapterHost.httpAdapter;
    if (adapter?.getType() === 'fastify') {
      installWebhookBodyCapture(adapter.getInstance<FastifyInstance>(), (request) =>
        webhooks.precheck({
          name: (request.params as { name: string }).name,
          method: request.method,
          headers: request.headers,
          query: (request.query ?? {}) as Record<string, unknown>,
        }),
      );
    }
  }

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
