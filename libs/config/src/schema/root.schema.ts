import { z } from 'zod';
import { httpSchema } from './http.schema';

export const deviceIdSchema = z.string().min(1).max(128);

export const dbSchema = z.strictObject({
  /** `sqlite://relative/or/abs.db`, `sqlite:///abs.db`, `sqlite::memory:`, or `postgres://...` */
  url: z.string().min(1),
});

/** platypush `main.db: {engine: 'sqlite:////path/db'}` */
export const platypushDbSchema = z.looseObject({ engine: z.string().min(1) });

export const redisSchema = z.strictObject({ url: z.string().min(1) });

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

export const loggingSchema = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log one line per HTTP request (URL secrets redacted). */
  requests: z.boolean().default(false),
  /** `auto`: coloured lines for people when stdout is a terminal, JSON lines otherwise. */
  format: z.enum(['auto', 'pretty', 'json']).default('auto'),
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

/** `event.hook.NAME` — shape only; the automation module validates conditions and steps. */
export const hookSchema = z.strictObject({
  if: z.record(z.string(), z.unknown()),
  then: steps,
  priority: z.number().int().default(0),
  webhook: z.record(z.string(), z.unknown()).optional(),
});

/** `procedure.NAME` / `procedure.NAME(a, b)` — a list of steps. */
export const procedureSchema = z.array(step);

/** `cron.NAME` */
export const cronSchema = z.strictObject({
  cron_expression: z.string().min(1),
  actions: steps,
  enabled: z.boolean().default(true),
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
  'backend.http': httpSchema,
  db: dbSchema,
  'main.db': platypushDbSchema,
  redis: redisSchema,
  auth: authSchema,
  events: eventsSchema,
  logging: loggingSchema,
  metrics: metricsSchema,
  automation: automationSchema,
} as const satisfies Record<string, z.ZodType>;

export type RootKey = keyof typeof ROOT_SCHEMAS;
