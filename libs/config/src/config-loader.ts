import { homedir, hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from './config-error';
import { substituteEnv } from './env-substitution';
import type { HubConfig } from './hub-config';
import { type LoadConfigOptions, resolveConfigPath } from './load/config-path';
import { resolveDatabaseUrl } from './load/database-url';
import { deepFreeze } from './load/deep-freeze';
import { resolveHttp } from './load/http-settings';
import { onDemandLocator } from './load/on-demand-locator';
import { platypushNotices } from './load/platypush-notices';
import { type RootParts, readRootKeys } from './load/root-keys';
import { schemaCheck } from './load/schema-check';
import { ROOT_SCHEMAS } from './schema/root.schema';
import { YamlSource } from './yaml-source';

export { type LoadConfigOptions, resolveConfigPath } from './load/config-path';

/**
 * Loads, validates and normalises the configuration. Throws ConfigError listing every problem
 * with its path and line; touches nothing on disk. The steps:
 *   1. find the file (`--config`, `$HUB_CONFIG`, ./config.yaml, ~/.config/hub/config.yaml);
 *   2. read it and its includes (YAML syntax errors stop here: nothing else can be located);
 *   3. substitute `${ENV}` references;
 *   4. validate every root key against its schema;
 *   5. resolve what depends on where the file is (workdir, database, HTTP paths, TLS files);
 *   6. report every problem at once, or return the frozen HubConfig.
 */
export function loadConfig(options: LoadConfigOptions = {}): HubConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();

  const file = resolveConfigPath(options);
  const configDir = file ? dirname(file) : cwd;

  const source = readSource(file, cwd);
  const locate = (path: ReadonlyArray<string | number>): string => source?.locate(path) ?? '(defaults)';

  const issues: ConfigIssue[] = [];
  const raw = substituteEnv(source?.root ?? {}, env, issues) as Record<string, unknown>;

  const warnings: string[] = [];
  const parts = readRootKeys(raw, { check: schemaCheck(issues), issues, warnings, locate });

  const config = resolveConfig(parts, configDir, warnings, issues);
  throwIfAny(issues, locate);
  return deepFreeze({
    ...config,
    config_file: file,
    warnings,
    locate: onDemandLocator(file, cwd),
  });
}

/** Step 2: the YAML behind the config, or null on embedded defaults. Throws on syntax errors. */
function readSource(file: string | null, cwd: string): YamlSource | null {
  if (!file) return null;
  const source = new YamlSource(file, cwd);
  if (source.issues.length > 0) throw new ConfigError(source.issues);
  return source;
}

/** Step 5: everything but the file-level fields, with paths resolved against the config dir. */
function resolveConfig(
  parts: RootParts,
  configDir: string,
  warnings: string[],
  issues: ConfigIssue[],
): Omit<HubConfig, 'config_file' | 'warnings' | 'locate'> {
  const { sections } = parts;
  const abs = (p: string): string => resolve(configDir, p.replace(/^~(?=\/|$)/, homedir()));
  const httpSection = sections['backend.http'] ?? defaults('backend.http');
  warnings.push(...platypushNotices(httpSection));
  const workdir = abs(sections.workdir ?? 'data');
  return {
    config_dir: configDir,
    device_id: sections.device_id ?? hostname(),
    workdir,
    token: sections.token ? sections.token : null,
    http: resolveHttp(httpSection, workdir, abs, issues),
    db: { url: resolveDatabaseUrl(sections, workdir, configDir, warnings, issues) },
    redis: sections.redis ?? null,
    auth: sections.auth ?? defaults('auth'),
    events: sections.events ?? defaults('events'),
    logging: sections.logging ?? defaults('logging'),
    metrics: sections.metrics ?? defaults('metrics'),
    automation: {
      ...(sections.automation ?? defaults('automation')),
      hooks: parts.hooks,
      procedures: parts.procedures,
      crons: parts.crons,
      constants: sections.constants ?? {},
    },
    plugins: parts.plugins,
  };
}

/** A section's schema defaults, for a section the file does not have. */
function defaults<K extends 'backend.http' | 'auth' | 'events' | 'logging' | 'metrics' | 'automation'>(
  key: K,
) {
  return ROOT_SCHEMAS[key].parse({}) as RootParts['sections'][K] & object;
}

/** Step 6: every issue located at its line, all thrown together. */
function throwIfAny(issues: ConfigIssue[], locate: (path: ReadonlyArray<string | number>) => string): void {
  if (issues.length === 0) return;
  for (const issue of issues) if (!issue.location && issue.at) issue.location = locate(issue.at);
  throw new ConfigError(issues);
}
