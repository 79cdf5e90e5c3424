import type { Logger } from 'pino';

import type { EventFields, EventType } from '@hub/messages';

/** What a script hook, procedure or cron function receives besides its input. */
export interface ScriptContext {
  /** Runs an action as the owner, e.g. `await ctx.run('variable.set', {lights: 'on'})`. */
  run(action: string, args?: Record<string, unknown>): Promise<unknown>;
  /** Posts an event on the bus. */
  post<T extends EventType>(type: T, fields: EventFields<T>): void;
  /** Answers the webhook caller now (a hook may also just return its answer). */
  respond(value: unknown): void;
  /** The `constants:` of config.yaml. */
  constants: Readonly<Record<string, unknown>>;
  log: Logger;
}

export interface ScriptHookOptions {
  /** Same as a config hook's `if:` (type, fields, $gt, $regex, nested dicts). */
  if: Record<string, unknown>;
  /** Higher runs first. */
  priority?: number;
  /** Protection of `/hook/<name>`, as in config.yaml. */
  webhook?: Record<string, unknown>;
}

/**
 * The object a user script's default export receives:
 *
 *   module.exports = (hub) => {
 *     hub.hook('Hello', {if: {type: 'WebhookEvent', hook: 'hello'}}, async (event, ctx) =>
 *       ({status: 200, body: {hello: event.data?.name ?? 'world'}}));
 *     hub.procedure('greet', async (args, ctx) => ctx.run('variable.set', {greeting: args.name}));
 *     hub.cron('Tick', '* * * * *', async (ctx) => ctx.log.info('tick'));
 *   };
 */
export interface HubScriptApi {
  /** A hook: the handler gets the event's fields and a context; a returned value answers a webhook. */
  hook(
    name: string,
    options: ScriptHookOptions,
    handler: (event: Record<string, unknown>, ctx: ScriptContext) => unknown,
  ): void;
  /** A procedure, callable as the action `procedure.<name>`. */
  procedure(name: string, handler: (args: Record<string, unknown>, ctx: ScriptContext) => unknown): void;
  /** A cron job (5 fields, or 6 with the seconds last as in platypush), in the configured time zone. */
  cron(name: string, expression: string, handler: (ctx: ScriptContext) => unknown): void;
  constants: Readonly<Record<string, unknown>>;
  log: Logger;
}
