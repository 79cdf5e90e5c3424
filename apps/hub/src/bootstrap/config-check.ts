import { assertAutomationConfig } from '@hub/automation';
import type { HubConfig } from '@hub/config';
import { validatePluginSections } from '@hub/plugins';

/**
 * What the hub checks after loading config.yaml and before anything (the database) starts:
 * plugin sections against the plugins' schemas; hooks, procedures and crons (conditions,
 * steps, cron expressions), each problem with its line. Throws ConfigError. `npx hub config
 * check` runs the same.
 */
export function checkConfigBeforeStart(config: HubConfig): void {
  validatePluginSections(config);
  assertAutomationConfig(config);
}
