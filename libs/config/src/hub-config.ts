import type { z } from 'zod';

import type { httpSchema, IgnoredHttpKey, resourceMountSchema } from './schema/http.schema';
import type {
  cronSchema,
  hookSchema,
  IGNORED_LOGGING_KEYS,
  procedureSchema,
  redisSchema,
  ROOT_SCHEMAS,
} from './schema/root.schema';

/*
 * The typed configuration is derived from the schemas that validate config.yaml, and it speaks
 * config.yaml's vocabulary: `config.auth.bcrypt_cost` is the key the user writes, so a key found
 * in a log line, the docs or a user's file is found in the code by the same name. Only the parts
 * the loader resolves (absolute paths, the database URL, TLS files) differ from the schema's
 * output, and they are spelled out below as overrides of it.
 */

/** The schema's output for a root key. */
export type Section<K extends keyof typeof ROOT_SCHEMAS> = z.output<(typeof ROOT_SCHEMAS)[K]>;

/** A `/resources/<mount>` directory. `path` is absolute. */
export type ResourceMount = z.output<typeof resourceMountSchema>;

/** `backend.http`, with paths resolved and the ignored platypush keys left out. */
export type HttpConfig = Omit<
  z.output<typeof httpSchema>,
  'resource_dirs' | 'upload_dir' | 'ssl_cert' | 'ssl_key' | 'ssl_cafile' | 'enabled' | IgnoredHttpKey
> & {
  resource_dirs: Record<string, ResourceMount>;
  /** Absolute; also mounted as `/resources/uploads`. */
  upload_dir: string;
  /** Present when TLS is configured (ssl_cert, ssl_key, ssl_cafile). Paths are absolute. */
  tls: { cert: string; key: string; ca: string | null } | null;
};

/** Where a definition came from, `config.yaml:12`, for messages after loading. */
interface Located {
  /** NAME in `event.hook.NAME`, `procedure.NAME(args)`, `cron.NAME`. */
  name: string;
  location: string;
}

/** `event.hook.NAME` as written (shape only: automation compiles conditions and steps). */
export type ConfigHook = Omit<z.output<typeof hookSchema>, 'disabled'> & Located;

/** `procedure.NAME(params)` as written. */
export interface ConfigProcedure extends Located {
  /** The YAML key as written (`procedure.cool_down(target)`), for error paths. */
  key: string;
  params: string[];
  steps: z.output<typeof procedureSchema>;
}

/** `cron.NAME` as written. */
export type ConfigCron = Omit<z.output<typeof cronSchema>, 'disabled'> & Located;

/** `<plugin>: {enabled, ...}`. */
export interface PluginSection {
  enabled: boolean;
  /** The section's keys other than enabled/disabled, unvalidated until the plugin's schema runs. */
  options: Record<string, unknown>;
  location: string;
}

/** The validated, normalised, read-only configuration. */
export interface HubConfig {
  /** Absolute path of config.yaml, or null when running on the embedded defaults. */
  config_file: string | null;
  /** Directory of the config file (scripts/, dashboards/ live here); cwd without a file. */
  config_dir: string;
  device_id: Section<'device_id'>;
  /** Absolute data directory: database, secrets, uploads. */
  workdir: string;
  /** Absolute directory of user scripts (default `<config_dir>/scripts`). */
  scripts_dir: string;
  /** Absolute directory of dashboard XML files (default `<config_dir>/dashboards`). */
  dashboards_dir: string;
  /** Global token (`token:` / X-Token), or null. */
  token: string | null;
  /** `backend.http`. */
  http: HttpConfig;
  /** `db` (or platypush's `main.db`), the URL normalised: `sqlite:///abs/path` or `postgres://...`. */
  db: Section<'db'>;
  /** Only hub's own `redis.url` form; platypush's `{host, port}` is reported as ignored. */
  redis: z.output<typeof redisSchema> | null;
  auth: Section<'auth'>;
  events: Section<'events'>;
  logging: Omit<Section<'logging'>, (typeof IGNORED_LOGGING_KEYS)[number]>;
  metrics: Section<'metrics'>;
  automation: Section<'automation'> & {
    hooks: Record<string, ConfigHook>;
    procedures: Record<string, ConfigProcedure>;
    crons: Record<string, ConfigCron>;
    constants: Section<'constants'>;
  };
  plugins: Record<string, PluginSection>;
  /** Non-fatal findings (ignored platypush keys, sections for plugins we do not have, ...). */
  warnings: string[];
  /** `file:line` of a config path, for messages about values validated after loading. */
  locate(path: ReadonlyArray<string | number>): string;
}

export const HUB_CONFIG = Symbol('HUB_CONFIG');
