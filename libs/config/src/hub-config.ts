import type { z } from 'zod';
import type { authSchema, automationSchema, eventsSchema, loggingSchema } from './schema/root.schema';

export interface ResourceMount {
  /** Absolute, symlink-resolved directory. */
  path: string;
  public: boolean;
  listing: boolean;
}

export interface HttpConfig {
  bindAddress: string;
  port: number;
  resourceDirs: Record<string, ResourceMount>;
  /** Absolute; also mounted as `/resources/uploads`. */
  uploadDir: string;
  bodyLimit: number;
  uploads: { maxFileSize: number; maxRequestSize: number; allowedTypes: string[] };
  cors: { origins: string[]; credentials: boolean };
  /** Present when TLS is configured. Paths are absolute. */
  tls: { cert: string; key: string; ca: string | null } | null;
  shutdownGraceSeconds: number;
  trustProxy: boolean;
}

/** A hook / procedure / cron as written in config.yaml, with where it came from. */
export interface ConfigHook {
  name: string;
  if: Record<string, unknown>;
  then: unknown;
  priority: number;
  webhook?: Record<string, unknown>;
  location: string;
}
export interface ConfigProcedure {
  name: string;
  /** The YAML key as written (`procedure.cool_down(target)`), for error paths. */
  key: string;
  params: string[];
  steps: unknown[];
  location: string;
}
export interface ConfigCron {
  name: string;
  cronExpression: string;
  actions: unknown;
  enabled: boolean;
  location: string;
}

export interface PluginSection {
  enabled: boolean;
  /** The section's keys other than enabled/disabled, unvalidated until the plugin's schema runs. */
  options: Record<string, unknown>;
  location: string;
}

/** The validated, normalised, read-only configuration. */
export interface HubConfig {
  /** Absolute path of config.yaml, or null when running on the embedded defaults. */
  configFile: string | null;
  /** Directory of the config file (scripts/, dashboards/ live here); cwd without a file. */
  configDir: string;
  deviceId: string;
  /** Absolute data directory: database, secrets, uploads. */
  workdir: string;
  /** Global token (`token:` / X-Token), or null. */
  token: string | null;
  http: HttpConfig;
  db: { url: string };
  redis: { url: string } | null;
  auth: z.output<typeof authSchema>;
  events: z.output<typeof eventsSchema>;
  logging: z.output<typeof loggingSchema>;
  automation: z.output<typeof automationSchema> & {
    hooks: Record<string, ConfigHook>;
    procedures: Record<string, ConfigProcedure>;
    crons: Record<string, ConfigCron>;
    constants: Record<string, unknown>;
  };
  plugins: Record<string, PluginSection>;
  /** Non-fatal findings (ignored platypush keys, sections for plugins we do not have, ...). */
  warnings: string[];
  /** `file:line` of a config path, for messages about values validated after loading. */
  locate(path: ReadonlyArray<string | number>): string;
}

export const HUB_CONFIG = Symbol('HUB_CONFIG');
