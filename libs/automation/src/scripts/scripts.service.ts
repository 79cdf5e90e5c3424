import { existsSync, type FSWatcher, readdirSync, rmSync, watch } from 'node:fs';
import { extname, join, relative } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';

import { createLogger } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_BUS, type EventBus } from '@hub/events';
import { Condition, type ScriptStatus } from '@hub/messages';

import { AutomationService } from '../automation.service';
import { cronExpressionProblem, cronReadingWarning } from '../crons/cron-spec';
import { type Hook, webhookNameOf } from '../hooks/hook';
import { HOOK_NAME } from '../hooks/hook-definition';
import { WebhookProtection, webhookProtectionSchema } from '../webhooks/webhook-protection';
import { loadScriptModule, SCRIPT_EXTENSIONS, scriptEntry } from './script-module.loader';
import type { HubScriptApi, ScriptContext, ScriptHookOptions } from './script-sdk';

const DEBOUNCE_MS = 150;

interface Registrations {
  hooks: string[];
  procedures: string[];
  crons: string[];
}

/**
 * `<config dir>/scripts/*.{js,mjs,ts}`: each default-exports `(hub) => {...}` and registers
 * hooks, procedures and crons through the SDK. A script that fails is reported and rolled back;
 * the others keep working. Changed files are reloaded (fs.watch, debounced).
 */
@Injectable()
export class ScriptsService {
  private readonly log = createLogger('Scripts');
  private readonly dir: string;
  private readonly cacheDir: string;
  private readonly loaded = new Map<string, { status: ScriptStatus; registrations: Registrations }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private watcher: FSWatcher | null = null;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(AutomationService) private readonly automation: AutomationService,
  ) {
    this.dir = config.scripts_dir;
    this.cacheDir = join(config.workdir, 'script-cache');
  }

  start(): void {
    if (!existsSync(this.dir)) return;
    rmSync(this.cacheDir, { recursive: true, force: true });
    for (const name of readdirSync(this.dir).sort()) if (isScript(name)) this.load(join(this.dir, name));
    if (this.config.automation.watch_scripts) {
      this.watcher = watch(this.dir, (_kind, name) => {
        if (name && isScript(name.toString())) this.schedule(join(this.dir, name.toString()));
      });
      this.watcher.on('error', (err) => this.log.error({ err }, 'watching scripts failed'));
    }
  }

  stop(): void {
    this.watcher?.close();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  statuses(): ScriptStatus[] {
    return [...this.loaded.values()].map((s) => s.status);
  }

  private schedule(file: string): void {
    clearTimeout(this.pending.get(file));
    this.pending.set(
      file,
      setTimeout(() => {
        this.pending.delete(file);
        this.load(file);
      }, DEBOUNCE_MS),
    );
  }

  /** (Re)loads one script; a deleted file just has its registrations removed. */
  load(file: string): void {
    const previous = this.loaded.get(file);
    if (previous) this.unregister(previous.registrations);
    this.loaded.delete(file);
    if (!existsSync(file)) {
      if (previous) this.log.info({ script: this.display(file) }, 'script removed');
      return;
    }
    const registrations: Registrations = { hooks: [], procedures: [], crons: [] };
    const status: ScriptStatus = {
      file: this.display(file),
      status: 'loaded',
      loaded_at: new Date().toISOString(),
      ...registrations,
    };
    try {
      const entry = scriptEntry(loadScriptModule(file, this.cacheDir));
      if (!entry) throw new Error('the script must export a function: module.exports = (hub) => { ... }');
      const result = entry(this.api(status.file, registrations));
      if (result instanceof Promise)
        throw new Error('the exported function must register synchronously (not async)');
      this.log.info({ script: status.file, ...registrations }, 'script loaded');
    } catch (err) {
      this.unregister(registrations);
      registrations.hooks = [];
      registrations.procedures = [];
      registrations.crons = [];
      status.status = 'failed';
      status.error = err instanceof Error ? err.message : String(err);
      this.log.error({ script: status.file, err: status.error }, 'script failed to load');
    }
    this.loaded.set(file, { status: { ...status, ...registrations }, registrations });
  }

  private unregister(registrations: Registrations): void {
    for (const name of registrations.hooks) this.automation.removeHook(name);
    for (const name of registrations.procedures) this.automation.removeProcedure(name);
    for (const name of registrations.crons) this.automation.removeCron(name);
  }

  private api(location: string, registrations: Registrations): HubScriptApi {
    const base = {
      constants: this.config.automation.constants,
      run: (action: string, args: Record<string, unknown> = {}) => this.automation.runtime.run(action, args),
      post: (type: string, fields: Record<string, unknown>) => void this.bus.post(type, fields),
    };
    const context = (
      log: ReturnType<typeof createLogger>,
      respond: (v: unknown) => void = () => undefined,
    ): ScriptContext => ({
      ...base,
      respond,
      log,
    });
    return {
      constants: base.constants,
      log: this.log.child({ script: location }),
      hook: (name, options, handler) => {
        this.automation.addHook(this.scriptHook(name, options, handler, location, context));
        registrations.hooks.push(name);
      },
      procedure: (name, handler) => {
        if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`invalid procedure name '${name}'`);
        if (typeof handler !== 'function') throw new Error(`procedure '${name}': expected a function`);
        const log = this.log.child({ script: location, procedure: name });
        this.automation.addProcedure({
          name,
          source: 'script',
          params: [],
          actions: [],
          location,
          run: async (args) => handler(args, context(log)),
        });
        registrations.procedures.push(name);
      },
      cron: (name, expression, handler) => {
        const problem = cronExpressionProblem(expression, this.config.automation.timezone);
        if (problem) throw new Error(`cron '${name}': ${problem}`);
        if (typeof handler !== 'function') throw new Error(`cron '${name}': expected a function`);
        const log = this.log.child({ script: location, cron: name });
        const ambiguity = cronReadingWarning(expression, this.config.automation.timezone);
        if (ambiguity) log.warn(`cron '${name}': ${ambiguity}`);
        this.automation.addCron({
          name,
          source: 'script',
          expression,
          actions: [],
          location,
          run: async () => handler(context(log)),
        });
        registrations.crons.push(name);
      },
    };
  }

  private scriptHook(
    name: string,
    options: ScriptHookOptions,
    handler: (event: Record<string, unknown>, ctx: ScriptContext) => unknown,
    location: string,
    context: (log: ReturnType<typeof createLogger>, respond?: (v: unknown) => void) => ScriptContext,
  ): Hook {
    if (typeof name !== 'string' || !HOOK_NAME.test(name))
      throw new Error(`invalid hook name '${String(name)}'`);
    if (!options || typeof options.if !== 'object') throw new Error(`hook '${name}': options.if is required`);
    if (typeof handler !== 'function') throw new Error(`hook '${name}': expected a handler function`);
    const condition = Condition.compile(options.if);
    let webhook: WebhookProtection | null = null;
    if (options.webhook) {
      const parsed = webhookProtectionSchema.safeParse(options.webhook);
      if (!parsed.success) throw new Error(`hook '${name}': webhook: ${parsed.error.issues[0].message}`);
      webhook = new WebhookProtection(parsed.data);
    }
    const log = this.log.child({ script: location, hook: name });
    const hook: Hook = {
      name,
      source: 'script',
      condition,
      priority: options.priority ?? 0,
      webhook,
      actions: [],
      location,
      run: async (event, answer) => {
        const result = await handler(event.args, context(log, answer));
        if (result !== undefined && result !== null) answer(result);
      },
    };
    if (webhook && webhookNameOf(hook) === null)
      throw new Error(`hook '${name}': webhook protection needs if: {type: 'WebhookEvent', hook: '<name>'}`);
    return hook;
  }

  private display(file: string): string {
    return relative(this.config.config_dir, file);
  }
}

function isScript(name: string): boolean {
  return SCRIPT_EXTENSIONS.includes(extname(name)) && !name.startsWith('.');
}
