import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { z } from 'zod';

import type { ActionRole } from '@hub/auth';

import type { ActionContext } from './plugin-context';

/** What `@Plugin()` declares about a plugin class. */
export interface PluginOptions {
  /** Section name in config.yaml and prefix of its actions (`shell` → `shell.exec`). */
  name: string;
  /** One or two sentences shown by introspection. */
  doc: string;
  /** Schema of the plugin's config section (without `enabled`/`disabled`); validated before boot. */
  config?: z.ZodType;
  /** Whether the plugin runs without a config section. Default true; `shell` says false. */
  enabledByDefault?: boolean;
  /**
   * Who may run the plugin's actions unless an action says otherwise: `admin` for plugins that
   * reach the machine or the network (shell, http, inspect). Default `user`.
   */
  role?: ActionRole;
  /** Other names its actions answer to (platypush's `utils` for `util`): `utils.sleep` runs `util.sleep`. */
  aliases?: string[];
}

/** What `@Action()` declares about one plugin method. */
export interface ActionOptions<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  doc: string;
  /** Validated before the method runs; failures answer 400 listing each field by path. */
  args: A;
  /** The result's shape, published as JSON Schema (not checked at run time). */
  returns: R;
  /** Seconds; default 30. A request may only lower it. */
  timeoutSeconds?: number;
  /** Overrides the plugin's role for this action (`file.write` is `admin`, `file.read` is not). */
  role?: ActionRole;
  /** Method name differs from the action name (e.g. `import` is reserved-ish): give it here. */
  name?: string;
  /** Other names of the action (platypush's `logger.warning` for `logger.warn`). */
  aliases?: string[];
  /**
   * platypush's argument names accepted beside ours, `{theirs: ours}` (`file.write {file}` is
   * `{path}`). Renamed before validation; giving both is refused by the schema as an unknown key.
   */
  argAliases?: Record<string, string>;
}

const PluginMarker = DiscoveryService.createDecorator<PluginOptions>();
const ActionMarker = DiscoveryService.createDecorator<ActionOptions>();

/** Marks a provider as a plugin; discovered at bootstrap by the PluginRegistry. */
export const Plugin = Object.assign(
  (options: PluginOptions): ClassDecorator => applyDecorators(Injectable(), PluginMarker(options)),
  { KEY: PluginMarker.KEY },
);

/** An action method: `(args, ctx) => result`. `undefined` results answer `{"success": true}`. */
export type ActionMethod<A extends z.ZodType, R extends z.ZodType> = (
  args: z.output<A>,
  ctx: ActionContext<never>,
) => Promise<z.input<R> | void> | z.input<R> | void;

/** Marks a plugin method as an action; its argument types follow the `args` schema. */
export function Action<A extends z.ZodType, R extends z.ZodType>(options: ActionOptions<A, R>) {
  return <M extends ActionMethod<A, R>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    ActionMarker(options as ActionOptions)(target, key, descriptor);
  };
}
Action.KEY = ActionMarker.KEY;

export function pluginOptionsOf(cls: abstract new (...args: never[]) => unknown): PluginOptions | undefined {
  return Reflect.getMetadata(PluginMarker.KEY, cls) as PluginOptions | undefined;
}

export function actionOptionsOf(method: unknown): ActionOptions | undefined {
  return typeof method === 'function'
    ? (Reflect.getMetadata(ActionMarker.KEY, method) as ActionOptions | undefined)
    : undefined;
}

/** Every other id an action answers to: its aliases under the plugin's names and aliases. */
export function actionAliases(plugin: PluginOptions, name: string, meta: ActionOptions): string[] {
  const pluginNames = [plugin.name, ...(plugin.aliases ?? [])];
  const actionNames = [name, ...(meta.aliases ?? [])];
  return pluginNames
    .flatMap((p) => actionNames.map((a) => `${p}.${a}`))
    .filter((id) => id !== `${plugin.name}.${name}`);
}
