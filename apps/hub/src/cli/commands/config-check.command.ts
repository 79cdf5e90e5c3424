import { type HubConfig } from '@hub/config';

import { checkConfigBeforeStart } from '../../bootstrap/config-check';

/**
 * `config check`: the same validation as the hub's start (schemas, plugin sections, hooks,
 * procedures, crons), without touching the database. A ConfigError propagates (exit 2).
 */
export function configCheck(config: HubConfig): string {
  const warnings = checkConfigBeforeStart(config);
  const { hooks, procedures, crons } = config.automation;
  const counts = `${Object.keys(hooks).length} hooks, ${Object.keys(procedures).length} procedures, ${Object.keys(crons).length} crons`;
  const lines = [`config OK: ${config.config_file ?? '(embedded defaults)'} (${counts})`];
  for (const warning of warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
