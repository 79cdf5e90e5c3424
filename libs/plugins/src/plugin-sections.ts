import { ConfigError, type ConfigIssue, type HubConfig } from '@hub/config';

import { BUILTIN_PLUGINS } from './builtin/builtin-plugins';
import { type PluginOptions, pluginOptionsOf } from './plugin.decorators';
import { parsePluginOptions } from './plugin-options';

type PluginClass = abstract new (...args: never[]) => unknown;

/**
 * Checks every plugin section of config.yaml against its plugin's config schema, before the hub
 * (and its database) starts: throws ConfigError listing each bad key with its path and line.
 * Sections naming no known plugin come back as one warning line (platypush files carry many).
 */
export function validatePluginSections(
  config: HubConfig,
  plugins: ReadonlyArray<PluginClass> = BUILTIN_PLUGINS,
): string[] {
  const known = new Map<string, PluginOptions>();
  for (const cls of plugins) {
    const options = pluginOptionsOf(cls);
    if (options) known.set(options.name, options);
  }
  const issues: ConfigIssue[] = [];
  const unknown: string[] = [];
  for (const [name, section] of Object.entries(config.plugins)) {
    const plugin = known.get(name);
    if (!plugin) {
      unknown.push(`${name} (${section.location})`);
      continue;
    }
    const result = parsePluginOptions(plugin, section.options);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const at = [name, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`
          : issue.message;
      issues.push({ path: at.join('.'), at, message, location: config.locate(at) });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return unknown.length > 0
    ? [`config sections for plugins hub does not have (ignored): ${unknown.join(', ')}`]
    : [];
}
