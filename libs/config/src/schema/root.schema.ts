import { z } from 'zod';

import { httpSchema } from './http.schema';

export const deviceIdSchema = z.string().min(1).max(128);

export const dbSchema = z.strictObject({
  /** `sqlite://relative/or/abs.db`, `sqlite:///abs.db`, `sqlite::memory:`, or `postgres://...` */
  url: z.string().min(1),
});

/** platypush `main.db: {engine: 'sqlite:////path/db'}`, or the short form `main.db: <url>`. */
export const platypushDbSchema = z.union([
  z
    .string()
    .min(1)
    .transform((engine) => ({ engine })),
  z.looseObject({ engine: z.string().min(1) }),
]);

export const redisSchema = z.strictObject({ url: z.string().min(1) });

/**
 * platypush's `redis: {host, port, ...}`: the connection of platypush's own internal bus (its
 * keys go to redis-py). Accepted and reported as ignored: hub runs without Redis, and uses one
 * only when `redis.url` asks for it.
 */
export const platypushRedisSchema = z.looseObject({
  url: z.never().optional(),
  host: z.string().optional(),
  port: z.number().int().optional(),
});

export const authSchema = z.strictObject({
  bcrypt_cost: z.number().int().min(4).max(15).default(12),
  session_days: z.number().positive().max(3650).default(30),
  /** Default lifetime of API tokens from POST /auth when the caller gives none (null: no expiry). */
  token_expiry_days: z.number().positive().nullable().default(null),
  /**
   * Admin-only actions that users who are not administrators may run too (action patterns:
   * `shell.start`, `http.*`, `procedure.backup`). Actions without the admin role need no entry.
   */
  user_actions: z
    .array(
      z
        .string()
        .regex(
          /^(\*|[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*(\.\*)?)$/,
          'an action pattern like light.* or shell.start',
        ),
    )
    .default([]),
  login_attempts: z
    .strictObject({
      max: z.number().int().positive().default(5),
      window_minutes: z.number().positive().default(15),
    })
    .default({ max: 5, window_minutes: 15 }),
  /** Bounds on the `api_tokens` table (docs/security.md, limits). */
  tokens: z
    .strictObject({
      /** Unrevoked, unexpired tokens one user (or the global token) may hold; past it POST /auth is 409. */
      max_per_user: z.number().int().positive().default(100),
      /** Revoked and expired tokens stay listed this long (and at most max_per_user of them per user). */
      retention_days: z.number().positive().default(30),
    })
    .default({ max_per_user: 100, retention_days: 30 }),
  /** Bounds on the `login_audit` table: older rows, and the oldest beyond max_rows, are deleted. */
  login_audit: z
    .strictObject({
      retention_days: z.number().positive().default(90),
      max_rows: z.number().int().positive().default(100_000),
    })
    .default({ retention_days: 90, max_rows: 100_000 }),
});

export const eventsSchema = z.strictObject({
  /** Events kept in memory for feed resume (`since`, `Last-Event-ID`). */
  history_size: z.number().int().min(1).max(1_000_000).default(1000),
  /** Persisted event log retention. */
  log_retention_days: z.number().positive().default(7),
  log_max_rows: z.number().int().positive().default(100_000),
  /** Event types not written to the persisted log (chatty ones). */
  log_exclude_types: z.array(z.string()).default(['ProcessOutputEvent']),
  /**
   * Largest event (its fields as JSON, in bytes) the history and the log keep whole; bigger ones
   * are kept with their largest fields replaced by a `[truncated: N bytes]` marker. Live
   * listeners (hooks, connected clients) still get the whole event.
   */
  max_stored_event_bytes: z
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  /** Most bytes one `GET /events/history` page holds (it says where to go on). */
  history_page_bytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /**
   * Events queued for one live client (socket.io or HTTP feed) that is not reading. Past it the
   * client is disconnected (it can resume with `since` / `Last-Event-ID`), so a stalled client
   * never holds more than this in memory and never slows the others.
   */
  client_queue_limit: z.number().int().min(1).max(1_000_000).default(1000),
});

/** Python's logging level names and numbers, as platypush writes them (`INFO`, `WARNING`, 20). */
const PYTHON_LEVELS: Record<string, string> = {
  warning: 'warn',
  critical: 'fatal',
  '10': 'debug',
  '20': 'info',
  '30': 'warn',
  '40': 'error',
  '50': 'fatal',
};
const logLevel = z.preprocess(
  (level) => {
    if (typeof level !== 'string' && typeof level !== 'number') return level;
    const lower = String(level).toLowerCase();
    return PYTHON_LEVELS[lower] ?? lower;
  },
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
);

/** platypush `logging:` keys (Python's logging.basicConfig) that mean nothing here. */
export const IGNORED_LOGGING_KEYS = ['filename', 'filemode', 'datefmt', 'stream'] as const;

/** `logging.format` as platypush writes it: a Python logging format string. */
export function isPythonLogFormat(format: unknown): boolean {
  return typeof format === 'string' && /%\(\w+\)/.test(format);
}

export const loggingSchema = z.strictObject({
  /** Any case; Python's names (WARNING, CRITICAL) and numbers (10-50) work too. */
  level: logLevel.default('info'),
  /** Log one line per HTTP request (URL secrets redacted). */
  requests: z.boolean().default(false),
  /**
   * `auto`: coloured lines for people when stdout is a terminal, JSON lines otherwise.
   * platypush's Python format strings (`%(asctime)s|%(message)s`) load and are reported as ignored.
   */
  format: z.preprocess(
    (format) => (isPythonLogFormat(format) ? undefined : format),
    z.enum(['auto', 'pretty', 'json']).default('auto'),
  ),
  ...(Object.fromEntries(IGNORED_LOGGING_KEYS.map((key) => [key, z.unknown().optional()])) as Record<
    (typeof IGNORED_LOGGING_KEYS)[number],
    z.ZodOptional<z.ZodUnknown>
  >),
});

export const metricsSchema = z.strictObject({
  /** `GET /metrics` (Prometheus) and the counters behind it. */
  enabled: z.boolean().default(true),
});

export const automationSchema = z.strictObject({
  /** Seconds a webhook waits for a hook's answer before replying 202. */
  hook_timeout_seconds: z.number().positive().default(10),
  /** Time zone for cron expressions (IANA name); default: the machine's. */
  timezone: z.string().nullable().default(null),
  /** Reload scripts/*.js when they change. */
  watch_scripts: z.boolean().default(true),
});

const step = z.unknown();
const steps = z.union([z.array(step), z.record(z.string(), z.unknown())]);

/**
 * `disabled: true` on a hook, procedure or cron skips it before validation, as platypush skips
 * any disabled section; `disabled: false` is accepted.
 */
const notDisabled = z.literal(false).optional();

/**
 * `event.hook.NAME`: the one hook shape. `PUT /api/v1/hooks/:name` takes it without `disabled`
 * (automation's `hookDefinitionSchema`). Shape only; the automation module validates conditions
 * and steps.
 */
export const hookSchema = z.strictObject({
  /** Event type and field conditions. */
  if: z.record(z.string(), z.unknown()),
  /** Steps to run. */
  then: steps,
  /** Higher runs first. */
  priority: z.number().int().default(0),
  /** Protection of `/hook/<name>` (only for WebhookEvent hooks). */
  webhook: z.record(z.string(), z.unknown()).optional(),
  disabled: notDisabled,
});

/** `procedure.NAME` / `procedure.NAME(a, b)` — a list of steps. */
export const procedureSchema = z.array(step);

/** `cron.NAME` */
export const cronSchema = z.strictObject({
  cron_expression: z.string().min(1),
  actions: steps,
  enabled: z.boolean().default(true),
  disabled: notDisabled,
});

/** `<plugin>: {enabled, ...}` — the plugin's own schema validates the rest. */
export const pluginSectionSchema = z.union([
  z.null(),
  z.looseObject({ enabled: z.boolean().optional(), disabled: z.boolean().optional() }),
]);

/** Root keys with a fixed schema. */
export const ROOT_SCHEMAS = {
  device_id: deviceIdSchema,
  workdir: z.string().min(1),
  /** Empty (e.g. `${HUB_TOKEN:-}` with the variable unset) means no global token. */
  token: z.union([z.string(), z.null()]),
  include: z.union([z.string(), z.array(z.string())]),
  constants: z.record(z.string(), z.unknown()),
  /** User scripts (`*.{js,mjs,ts}`). Default: `scripts/` next to config.yaml (platypush's layout). */
  scripts_dir: z.string().min(1),
  /** Dashboards (`*.xml`). Default: `dashboards/` next to config.yaml (platypush's layout). */
  dashboards_dir: z.string().min(1),
  /** platypush's cache directory: accepted and reported as ignored (hub keeps its state in workdir). */
  cachedir: z.unknown(),
  'backend.http': httpSchema,
  db: dbSchema,
  'main.db': platypushDbSchema,
  redis: z.union([redisSchema, platypushRedisSchema]),
  auth: authSchema,
  events: eventsSchema,
  logging: loggingSchema,
  metrics: metricsSchema,
  automation: automationSchema,
} as const satisfies Record<string, z.ZodType>;

export type RootKey = keyof typeof ROOT_SCHEMAS;
