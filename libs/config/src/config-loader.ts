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
import { readRootKeys, type RootParts } from './load/root-keys';
import { schemaCheck } from './load/schema-check';
import { IGNORED_LOGGING_KEYS, ROOT_SCHEMAS } from './schema/root.schema';
import { YamlSource } from './yaml-source';

export { type LoadConfigOptions, resolveConfigPath } from './load/config-path';

/**
 * Loads, validates and normalises the configuration. Throws ConfigError listing every problem
 * with its path and line; touches nothing on disk. The steps:
 *   1. find the file (`--config`, `$HUB_CONFIG`, ./config.yaml, ~/.config/hub/config.yaml);
 *   2. read it and its includes (YAML syntax errors stop here: nothing else can be located);
 *   3. substitute `${ENV}` references;
 *   4. validate every root key against its schema; note the platypush options that do nothing here;
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

  const warnings: string[] = [...(source?.warnings ?? [])];
  const parts = readRootKeys(raw, { check: schemaCheck(issues), issues, warnings, locate });
  warnings.push(...platypushNotices(parts.sections, raw, locate));

  const config = resolveConfig(parts, configDir, warnings, issues);
  config.token ??= tokenFromEnvironment(env);
  throwIfAny(issues, locate);
  return deepFreeze({
    ...config,
    config_file: file,
    warnings,
    locate: onDemandLocator(file, cwd),
  });
}

/**
 * The global token when config.yaml sets none: `HUB_API_TOKEN`, or platypush's
 * `PLATYPUSH_API_TOKEN`, so a deployment that passes the token in the environment keeps working.
 * Empty means none.
 */
function tokenFromEnvironment(env: NodeJS.ProcessEnv): string | null {
  return env.HUB_API_TOKEN || env.PLATYPUSH_API_TOKEN || null;
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
  const workdir = abs(sections.workdir ?? 'data');
  return {
    config_dir: configDir,
    device_id: sections.device_id ?? hostname(),
    workdir,
    scripts_dir: abs(sections.scripts_dir ?? 'scripts'),
    dashboards_dir: abs(sections.dashboards_dir ?? 'dashboards'),
    token: sections.token ? sections.token : null,
    http: resolveHttp(httpSection, workdir, abs, issues),
    db: { url: resolveDatabaseUrl(sections, workdir, configDir, warnings, issues) },
    redis: sections.redis && 'url' in sections.redis ? { url: sections.redis.url as string } : null,
    auth: sections.auth ?? defaults('auth'),
    events: sections.events ?? defaults('events'),
    logging: withoutKeys(sections.logging ?? defaults('logging'), IGNORED_LOGGING_KEYS),
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

function withoutKeys<T extends object, K extends string>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...value } as Record<string, unknown>;
  for (const key of keys) delete copy[key];
  return copy as Omit<T, K>;
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
