import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';

import { AdminOnly, RequireUnscoped } from '@hub/auth';
import { HubError } from '@hub/common';
import type { AutomationGraph, MatchedHook } from '@hub/messages';

import { AutomationService } from '../automation.service';
import { ScriptsService } from '../scripts/scripts.service';
import { buildGraph } from './automation-graph';
import { RuntimeHooksService } from './runtime-hooks.service';

/** `/api/v1/hooks`: the automation graph, run-time hooks, and the matching dry run. */
@Controller('api/v1/hooks')
export class HooksApiController {
  constructor(
    @Inject(AutomationService) private readonly automation: AutomationService,
    @Inject(RuntimeHooksService) private readonly runtimeHooks: RuntimeHooksService,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
  ) {}

  /** The automation graph: event types and crons → hooks → actions, plus script load status. */
  @Get()
  graph(): AutomationGraph {
    return buildGraph(
      this.automation.index.all(),
      this.automation.listProcedures(),
      this.automation.listCrons(),
      this.scripts.statuses(),
    );
  }

  /** Dry run: which hooks would fire for `{"event": {"type": ..., ...fields}}`, and why. */
  @Post('match')
  @HttpCode(200)
  match(@Body() body: unknown): { hooks: MatchedHook[] } {
    const event = (body as { event?: unknown } | null)?.event;
    if (
      event === null ||
      typeof event !== 'object' ||
      Array.isArray(event) ||
      typeof (event as { type?: unknown }).type !== 'string'
    ) {
      throw HubError.badRequest('Expected {"event": {"type": "<EventType>", ...fields}}');
    }
    const matched = this.automation.index.matching(event as Record<string, unknown>);
    return {
      hooks: matched.map(({ hook, reason }) => ({
        name: hook.name,
        source: hook.source,
        priority: hook.priority,
        reason,
      })),
    };
  }

  /** A run-time hook's definition (`{if, then, webhook?, priority?}`), as it was PUT. */
  @Get(':name')
  definition(
    @Param('name') name: string,
  ): Promise<{ name: string; source: 'api'; definition: Record<string, unknown> }> {
    return this.runtimeHooks.get(name);
  }

  /** Creates or replaces a run-time hook (`{if, then, webhook?, priority?}`); live at once. */
  // Hooks run any action as the owner: only an administrator, with a full credential, makes them.
  @Put(':name')
  @AdminOnly()
  @RequireUnscoped()
  async put(
    @Param('name') name: string,
    @Body() body: unknown,
  ): Promise<{ name: string; status: 'created' | 'updated' }> {
    return this.runtimeHooks.put(name, body);
  }

  @Delete(':name')
  @AdminOnly()
  @RequireUnscoped()
  async remove(@Param('name') name: string): Promise<{ deleted: string }> {
    await this.runtimeHooks.delete(name);
    return { deleted: name };
  }
}
