import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { z } from 'zod';

import type { ActionRole } from '@hub/auth';
import { createLogger, HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_BUS, type EventBus } from '@hub/events';

import { ActionCallContext } from './action-call-context';
import type { CallerContext, DynamicAction } from './action-dispatcher';
import type { LazyAbort } from './lazy-abort';
import { actionAliases, actionOptionsOf, Plugin, type PluginOptions } from './plugin.decorators';
import type { ActionContext, PluginContext } from './plugin-context';
import { type BackgroundPlugin, isBackgroundPlugin, type PluginState } from './plugin-lifecycle';
import { parsePluginOptions } from './plugin-options';
import { VariableStore } from './variable.store';

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** One runnable action, from a plugin method or registered at run time. */
export interface RegisteredAction {
  /** `plugin.action` */
  id: string;
  plugin: string;
  name: string;
  doc: string;
  /** Null for dynamic actions: their own code checks arguments. */
  args: z.ZodType | null;
  returns: z.ZodType | null;
  timeoutSeconds: number;
  enabled: boolean;
  /** Declared role; for dynamic actions without one, derived from `calls` by ActionAccess. */
  role: ActionRole | null;
  /** What a dynamic action runs, when known (procedures). */
  calls: readonly string[] | null;
  /** `{theirs: ours}` argument names (ActionOptions.argAliases). */
  argAliases?: Record<string, string>;
  run(args: Record<string, unknown>, abort: LazyAbort, caller: CallerContext): Promise<unknown>;
}

/** What `GET /api/v1/plugins` and `inspect.get_all_plugins` publish about a plugin. */
export interface PluginDescription {
  name: string;
  enabled: boolean;
  doc: string;
  /** JSON Schema of the plugin's config section (never its values: they may hold secrets). */
  config: unknown;
  actions: Array<{
    name: string;
    action: string;
    doc: string;
    args: unknown;
    returns: unknown;
    timeout_seconds: number;
  }>;
  /** Connection state of plugins that hold one (mqtt, music.mpd, ...), while enabled. */
  state?: PluginState | Record<string, PluginState>;
}

const ANY_OBJECT_SCHEMA = { type: 'object', additionalProperties: true };

/**
 * Finds every `@Plugin()` provider and its `@Action()` methods at bootstrap and keeps them in one
 * map by `plugin.action`. A duplicate id fails the boot.
 */
@Injectable()
export class PluginRegistry implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = createLogger('Plugins');
  private readonly actions = new Map<string, RegisteredAction>();
  /** Alias id → canonical id (`utils.sleep` → `util.sleep`, `logger.warning` → `logger.warn`). */
  private readonly aliases = new Map<string, string>();
  private readonly plugins = new Map<string, { options: PluginOptions; enabled: boolean }>();
  private descriptions: PluginDescription[] | null = null;
  /** Enabled plugins that run in the background, with the context they start with. */
  private readonly background = new Map<string, { plugin: BackgroundPlugin; context: PluginContext }>();

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(VariableStore) private readonly variables: VariableStore,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: Plugin.KEY })) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      const options = this.discovery.getMetadataByDecorator(
        Plugin as never,
        wrapper,
      ) as unknown as PluginOptions;
      if (!instance || !options) continue;
      this.addPlugin(options, instance);
    }
    const enabled = [...this.plugins.values()].filter((p) => p.enabled).map((p) => p.options.name);
    this.log.info({ plugins: enabled, actions: this.actions.size }, 'plugins loaded');
  }

  /** Starts enabled background plugins; one that fails to start is logged, never fatal. */
  async onApplicationBootstrap(): Promise<void> {
    for (const [name, { plugin, context }] of this.background) {
      try {
        await plugin.start(context);
      } catch (err) {
        this.log.error({ plugin: name, err }, 'plugin failed to start');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.background].map(async ([name, { plugin }]) => {
        try {
          await plugin.stop();
        } catch (err) {
          this.log.warn({ plugin: name, err }, 'plugin failed to stop cleanly');
        }
      }),
    );
  }

  get(id: string): RegisteredAction | undefined {
    return this.actions.get(this.canonical(id));
  }

  /** The action's own id for an alias; any other id unchanged. */
  canonical(id: string): string {
    return this.aliases.get(id) ?? id;
  }

  /** Adds an action that is not a plugin method; returns its remover. */
  addDynamic(id: string, definition: DynamicAction): () => void {
    const dot = id.indexOf('.');
    if (dot <= 0 || dot === id.length - 1) throw HubError.badRequest(`Invalid action name '${id}'`);
    if (this.actions.has(id)) throw HubError.conflict(`Action '${id}' is already registered`);
    const action: RegisteredAction = {
      id,
      plugin: id.slice(0, dot),
      name: id.slice(dot + 1),
      doc: definition.doc ?? '',
      args: null,
      returns: null,
      timeoutSeconds: definition.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      enabled: true,
      role: definition.role ?? (definition.calls ? null : 'admin'),
      calls: definition.calls ?? null,
      run: (args, _abort, caller) => definition.run(args, caller),
    };
    this.actions.set(id, action);
    this.descriptions = null;
    return () => {
      if (this.actions.get(id) === action) {
        this.actions.delete(id);
        this.descriptions = null;
      }
    };
  }

  /** Every plugin (and group of dynamic actions), sorted by name, actions sorted too. */
  describe(): PluginDescription[] {
    this.descriptions ??= this.buildDescriptions();
    if (this.background.size === 0) return this.descriptions;
    return this.descriptions.map((d) => {
      const state = this.background.get(d.name)?.plugin.state?.();
      return state ? { ...d, state } : d;
    });
  }

  private addPlugin(options: PluginOptions, instance: Record<string, unknown>): void {
    if (this.plugins.has(options.name)) {
      throw new Error(`Two plugins are named '${options.name}': plugin names must be unique`);
    }
    const section = this.config.plugins[options.name];
    const enabled = section ? section.enabled : (options.enabledByDefault ?? true);
    this.plugins.set(options.name, { options, enabled });
    const context = this.contextFor(options, section?.options ?? {}, enabled);
    if (enabled && isBackgroundPlugin(instance))
      this.background.set(options.name, { plugin: instance, context });
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const method = instance[methodName];
      const meta = actionOptionsOf(method);
      if (!meta || typeof method !== 'function') continue;
      const name = meta.name ?? methodName;
      const id = `${options.name}.${name}`;
      if (this.actions.has(id)) {
        throw new Error(`Duplicate action '${id}': declared twice (plugin '${options.name}')`);
      }
      for (const alias of actionAliases(options, name, meta)) this.aliases.set(alias, id);
      const bound = method.bind(instance) as (args: unknown, ctx: ActionContext) => unknown;
      this.actions.set(id, {
        id,
        plugin: options.name,
        name,
        doc: meta.doc,
        args: meta.args,
        returns: meta.returns,
        timeoutSeconds: meta.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
        enabled,
        role: meta.role ?? options.role ?? 'user',
        calls: null,
        argAliases: meta.argAliases,
        run: async (args, abort, caller) => bound(args, new ActionCallContext(context, id, caller, abort)),
      });
    }
  }

  private contextFor(options: PluginOptions, raw: Record<string, unknown>, enabled: boolean): PluginContext {
    // Already validated before boot (validatePluginSections); parsed again for the defaults.
    // A plugin that is off until configured (mqtt needs a host) has no valid options without a
    // section; its actions never run, so its context may stay empty.
    const parsed = parsePluginOptions(options, raw);
    if (!parsed.success && enabled) throw new Error(`Invalid options for plugin '${options.name}'`);
    const variables = this.variables;
    const bus = this.bus;
    return {
      name: options.name,
      options: parsed.success ? parsed.data : {},
      log: createLogger(`plugin:${options.name}`),
      post: (type, fields) => bus.post(type, fields),
      variables: {
        get: (name) => variables.get(name),
        set: (name, value) => variables.set({ [name]: value }),
      },
      paths: {
        workdir: this.config.workdir,
        uploadDir: this.config.http.upload_dir,
        configDir: this.config.config_dir,
        resourceDirs: {
          uploads: this.config.http.upload_dir,
          ...Object.fromEntries(Object.entries(this.config.http.resource_dirs).map(([m, d]) => [m, d.path])),
        },
      },
    };
  }

  private buildDescriptions(): PluginDescription[] {
    const byPlugin = new Map<string, PluginDescription>();
    for (const [name, { options, enabled }] of this.plugins) {
      byPlugin.set(name, {
        name,
        enabled,
        doc: options.doc,
        config: options.config ? toJsonSchema(options.config, 'input') : null,
        actions: [],
      });
    }
    for (const action of this.actions.values()) {
      let plugin = byPlugin.get(action.plugin);
      if (!plugin) {
        plugin = { name: action.plugin, enabled: true, doc: '', config: null, actions: [] };
        byPlugin.set(action.plugin, plugin);
      }
      plugin.actions.push({
        name: action.name,
        action: action.id,
        doc: action.doc,
        args: action.args ? toJsonSchema(action.args, 'input') : ANY_OBJECT_SCHEMA,
        returns: action.returns ? toJsonSchema(action.returns, 'output') : {},
        timeout_seconds: action.timeoutSeconds,
      });
    }
    const list = [...byPlugin.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const p of list) p.actions.sort((a, b) => a.name.localeCompare(b.name));
    return list;
  }
}

/** JSON Schema of a zod schema; parts JSON Schema cannot express become `{}` rather than failing. */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
