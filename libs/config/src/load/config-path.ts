import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';

import { ConfigError } from '../config-error';

export interface LoadConfigOptions {
  /** `--config PATH`: must exist. */
  configPath?: string | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `--config` > `$HUB_CONFIG` > `./config.yaml` > `~/.config/hub/config.yaml` > embedded defaults (null). */
export function resolveConfigPath(options: LoadConfigOptions = {}): string | null {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configPath ?? env.HUB_CONFIG;
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError([{ path: '', message: `config file not found: ${path}` }]);
    return path;
  }
  for (const candidate of [resolve(cwd, 'config.yaml'), resolve(homedir(), '.config/hub/config.yaml')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
