import { readdirSync } from 'node:fs';

import { assertAutomationConfig } from '@hub/automation';
import type { HubConfig } from '@hub/config';
import { actionStatusOf, validatePluginSections } from '@hub/plugins';

/**
 * What the hub checks after loading config.yaml and before anything (the database) starts:
 * plugin sections against the plugins' schemas; hooks, procedures and crons (conditions,
 * steps, cron expressions), each problem with its line. Throws ConfigError; returns every start
 * warning (config.yaml's own, plugin sections the hub does not have, actions that do not exist
 * here, 6-field crons other tools read differently). `npx hub config check` runs the same.
 */
export function checkConfigBeforeStart(config: HubConfig): string[] {
  const actionStatus = actionStatusOf(config, hasScripts(config.scripts_dir));
  return [
    ...config.warnings,
    ...validatePluginSections(config),
    ...assertAutomationConfig(config, actionStatus),
  ];
}

function hasScripts(dir: string): boolean {
  try {
    return readdirSync(dir).some((name) => /\.(js|mjs|ts)$/.test(name));
  } catch {
    return false;
  }
}
