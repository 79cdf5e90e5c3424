import { MetadataScanner } from '@nestjs/core';

import type { HubConfig } from '@hub/config';

import { BUILTIN_PLUGINS } from './builtin/builtin-plugins';
import { actionAliases, actionOptionsOf, pluginOptionsOf } from './plugin.decorators';

type PluginClass = abstract new (...args: never[]) => unknown;

const scanner = new MetadataScanner();

/** What a config action name is, known before the hub starts (from the plugin classes alone). */
export type ActionStatus = 'known' | 'disabled' | 'unknown';

/**
 * Tells, from the plugin classes and config.yaml alone, whether a hook, procedure or cron step
 * names an action that exists here: so a platypush config's `light.hue.on` is reported at start
 * instead of failing the first time the step runs. `procedure.NAME` counts as known when
 * config.yaml defines it, or when there are scripts (they may define it).
 */
export function actionStatusOf(
  config: Pick<HubConfig, 'plugins' | 'automation'>,
  hasScripts: boolean,
  plugins: ReadonlyArray<PluginClass> = BUILTIN_PLUGINS,
): (action: string) => ActionStatus {
  const status = new Map<string, ActionStatus>();
  for (const cls of plugins) {
    const options = pluginOptionsOf(cls);
    if (!options) continue;
    const section = config.plugins[options.name];
    const enabled = section ? section.enabled : (options.enabledByDefault ?? true);
    const prototype = (cls as unknown as { prototype: Record<string, unknown> }).prototype;
    // The whole prototype chain, as the registry reads it: inherited actions count too.
    for (const method of scanner.getAllMethodNames(prototype)) {
      const meta = actionOptionsOf(prototype[method]);
      if (!meta) continue;
      const name = meta.name ?? method;
      for (const id of [`${options.name}.${name}`, ...actionAliases(options, name, meta)])
        status.set(id, enabled ? 'known' : 'disabled');
    }
  }
  return (action) => {
    const found = status.get(action);
    if (found) return found;
    if (!action.startsWith('procedure.')) return 'unknown';
    return hasScripts || Object.hasOwn(config.automation.procedures, action.slice('procedure.'.length))
      ? 'known'
      : 'unknown';
  };
}
