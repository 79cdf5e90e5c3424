import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';
import { substituteEnv } from './env-substitution';
import type {
  ConfigCron,
  ConfigHook,
  ConfigProcedure,
  HubConfig,
  PluginSection,
  ResourceMount,
} from './hub-config';
import {
  ROOT_SCHEMAS,
  cronSchema,
  hookSchema,
  pluginSectionSchema,
  procedureSchema,
} from './schema/root.schema';
import { YamlSource } from './yaml-source';

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

const PLUGIN_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
/** platypush also writes `procedure.sync.NAME` / `procedure.async.NAME`: the name is NAME. */
const PROCEDURE_KEY = /^procedure\.(?:(?:sync|async)\.)?([A-Za-z_][A-Za-z0-9_.]*)(?:\(([^)]*)\))?$/;
const HOOK_KEY = /^event\.hook\.([A-Za-z0-9_.-]+)$/;
const CRON_KEY = /^cron\.([A-Za-z0-9_.-]+)$/;

type Parsed<K extends keyof typeof ROOT_SCHEMAS> = z.output<(typeof ROOT_SCHEMAS)[K]>;

/**
 * Loads, validates and normalises the configuration. Throws ConfigError listing every problem
 * with its path and line; touches nothing on disk.
 */
export function loadConfig(options: LoadConfigOptions = {}): HubConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = resolveConfigPath(options);
  const configDir = file ? dirname(file) : cwd;
  const source = file ? new YamlSource(file, cwd) : null;
  const locate = (path: ReadonlyArray<string | number>): string =>
    source ? source.locate(path) : '(defaults)';

  const issues: ConfigIssue[] = [...(source?.issues ?? [])];
  if (issues.length > 0) throw new ConfigError(issues);
  const raw = substituteEnv(source?.root ?? {}, env, issues) as Record<string, unknown>;

  const warnings: string[] = [];
  const known: Partial<{ [K in keyof typeof ROOT_SCHEMAS]: Parsed<K> }> = {};
  const hooks: Record<string, ConfigHook> = {};
  const procedures: Record<string, ConfigProcedure> = {};
  const crons: Record<string, ConfigCron> = {};
  const plugins: Record<string, PluginSection> = {};

  const check = <T extends z.ZodType>(schema: T, value: unknown, key: string): z.output<T> | undefined => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const at = [key, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      if (issue.code === 'unrecognized_keys') {
        // One issue per unknown key, pointing at that key's own line rather than its parent's.
        for (const unknown of issue.keys) {
          issues.push({ path: [...at, unknown].join('.'), at: [...at, unknown], message: 'unknown key' });
        }
        continue;
      }
      issues.push({ path: at.join('.'), at, message: describeIssue(issue, value) });
    }
    return undefined;
  };

  for (const [key, value] of Object.entries(raw)) {
    let match: RegExpExecArray | null;
    if (key in ROOT_SCHEMAS) {
      (known as Record<string, unknown>)[key] = check(
        ROOT_SCHEMAS[key as keyof typeof ROOT_SCHEMAS],
        value,
        key,
      );
    } else if ((match = HOOK_KEY.exec(key))) {
      const hook = check(hookSchema, value, key);
      if (hook) hooks[match[1]] = { name: match[1], ...hook, location: locate([key]) };
    } else if ((match = PROCEDURE_KEY.exec(key))) {
      const steps = check(procedureSchema, value, key);
      const params = (match[2] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const bad = params.find((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p));
      if (bad) issues.push({ path: key, at: [key], message: `invalid parameter name '${bad}'` });
      else if (steps) procedures[match[1]] = { name: match[1], key, params, steps, location: locate([key]) };
    } else if ((match = CRON_KEY.exec(key))) {
      const cron = check(cronSchema, value, key);
      if (cron) {
        crons[match[1]] = {
          name: match[1],
          cronExpression: cron.cron_expression,
          actions: cron.actions,
          enabled: cron.enabled,
          location: locate([key]),
        };
      }
    } else if (key.startsWith('backend.')) {
      warnings.push(`${key} (${locate([key])}): backend not supported by hub, section ignored`);
    } else if (PLUGIN_NAME.test(key)) {
      const section = check(pluginSectionSchema, value, key);
      if (section !== undefined) {
        const { enabled, disabled, ...options } = section ?? {};
        plugins[key] = {
          enabled: enabled ?? (disabled === undefined ? true : !disabled),
          options,
          location: locate([key]),
        };
      }
    } else {
      issues.push({ path: key, at: [key], message: 'unknown key' });
    }
  }

  const http = known['backend.http'] ?? ROOT_SCHEMAS['backend.http'].parse({});
  for (const ignored of [
    'ssl_capath',
    'flask_args',
    'num_workers',
    'websocket_port',
    'disable_websocket',
  ] as const) {
    if (http[ignored] != null) warnings.push(`backend.http.${ignored} is a platypush option hub ignores`);
  }

  if (known.redis) {
    warnings.push('redis.url is set, but this version runs as one process: the event bus stays in memory');
  }

  const abs = (p: string): string => resolve(configDir, p.replace(/^~(?=\/|$)/, homedir()));
  const workdir = abs(known.workdir ?? 'data');
  const db = { url: normaliseDbUrl(known, workdir, configDir, warnings, issues) };

  const resourceDirs: Record<string, ResourceMount> = {};
  for (const [mount, spec] of Object.entries(http.resource_dirs)) {
    resourceDirs[mount] =
      typeof spec === 'string'
        ? { path: abs(spec), public: false, listing: false }
        : { path: abs(spec.path), public: spec.public, listing: spec.listing };
  }

  const tls = checkTls(http, abs, issues);

  for (const issue of issues) if (!issue.location && issue.at) issue.location = locate(issue.at);
  if (issues.length > 0) throw new ConfigError(issues);

  const config: HubConfig = {
    configFile: file,
    configDir,
    deviceId: known.device_id ?? hostname(),
    workdir,
    token: known.token ? known.token : null,
    http: {
      bindAddress: http.bind_address,
      port: http.port,
      resourceDirs,
      uploadDir: abs(http.upload_dir ?? resolve(workdir, 'uploads')),
      bodyLimit: http.body_limit,
      uploads: {
        maxFileSize: http.uploads.max_file_size,
        maxRequestSize: http.uploads.max_request_size,
        allowedTypes: http.uploads.allowed_types,
      },
      cors: http.cors,
      tls,
      shutdownGraceSeconds: http.shutdown_grace_seconds,
      trustProxy: http.trust_proxy,
    },
    db,
    redis: known.redis ?? null,
    auth: known.auth ?? ROOT_SCHEMAS.auth.parse({}),
    events: known.events ?? ROOT_SCHEMAS.events.parse({}),
    logging: known.logging ?? ROOT_SCHEMAS.logging.parse({}),
    automation: {
      ...(known.automation ?? ROOT_SCHEMAS.automation.parse({})),
      hooks,
      procedures,
      crons,
      constants: known.constants ?? {},
    },
    plugins,
    warnings,
    locate: file ? onDemandLocator(file, cwd) : () => '(defaults)',
  };
  return deepFreeze(config);
}

/**
 * `locate()` for after loading. The parsed YAML (every file's syntax tree) is large, about 50 MB
 * for 10,000 hooks, and only needed to report an error at start-up, so it is not kept: the files
 * are parsed again when a line is asked for, and that copy lives only until the current burst of
 * reports is over.
 */
function onDemandLocator(file: string, cwd: string): HubConfig['locate'] {
  let source: YamlSource | null = null;
  return (path) => {
    if (!source) {
      source = new YamlSource(file, cwd);
      setImmediate(() => (source = null)).unref();
    }
    return source.locate(path);
  };
}

function normaliseDbUrl(
  known: { db?: { url: string }; 'main.db'?: { engine: string } },
  workdir: string,
  configDir: string,
  warnings: string[],
  issues: ConfigIssue[],
): string {
  if (known.db && known['main.db']) warnings.push('both db and main.db are set: db.url is used');
  let url = known.db?.url;
  if (!url && known['main.db']) {
    // SQLAlchemy form: sqlite:////abs/path.db (four slashes: absolute), sqlite:///rel.db
    // (three: relative, here to the config dir), postgresql://...
    url = known['main.db'].engine
      .replace(/^sqlite:\/\/\//, 'sqlite://')
      .replace(/^postgresql(\+\w+)?:/, 'postgres:');
  }
  if (!url) return `sqlite://${resolve(workdir, 'hub.db')}`;
  if (url === 'sqlite::memory:' || /^postgres(ql)?:\/\//.test(url))
    return url.replace(/^postgresql:/, 'postgres:');
  const sqlite = /^sqlite:\/\/(.+)$/.exec(url);
  if (sqlite) return `sqlite://${isAbsolute(sqlite[1]) ? sqlite[1] : resolve(configDir, sqlite[1])}`;
  issues.push({
    path: 'db.url',
    at: known.db ? ['db', 'url'] : ['main.db', 'engine'],
    message: `unsupported database URL '${url.replace(/\/\/[^@/]*@/, '//***@')}' (sqlite://PATH or postgres://...)`,
  });
  return url;
}

function checkTls(
  http: Parsed<'backend.http'>,
  abs: (p: string) => string,
  issues: ConfigIssue[],
): HubConfig['http']['tls'] {
  if (!http.ssl_cert && !http.ssl_key) return null;
  if (!http.ssl_cert || !http.ssl_key) {
    const missing = http.ssl_cert ? 'ssl_key' : 'ssl_cert';
    issues.push({
      path: `backend.http.${missing}`,
      at: ['backend.http'],
      message: 'ssl_cert and ssl_key must be given together',
    });
    return null;
  }
  const files = {
    cert: abs(http.ssl_cert),
    key: abs(http.ssl_key),
    ca: http.ssl_cafile ? abs(http.ssl_cafile) : null,
  };
  for (const [name, path] of [
    ['ssl_cert', files.cert],
    ['ssl_key', files.key],
    ['ssl_cafile', files.ca],
  ] as const) {
    if (!path) continue;
    try {
      accessSync(path, fsConstants.R_OK);
    } catch {
      issues.push({
        path: `backend.http.${name}`,
        at: ['backend.http', name],
        message: `cannot read ${path}`,
      });
    }
  }
  return files;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const got = valueAt(root, issue.path);
  const shown = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 60);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}, got ${shown}`;
    case 'too_small':
    case 'too_big':
    case 'invalid_value':
    case 'invalid_format':
    case 'invalid_union':
      return `${issue.message}, got ${shown}`;
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
