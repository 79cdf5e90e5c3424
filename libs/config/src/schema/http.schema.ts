import { z } from 'zod';

/** `backend.http.resource_dirs.NAME` in its long form. */
export const resourceMountSchema = z.strictObject({
  path: z.string().min(1),
  /** Served without authentication. */
  public: z.boolean().default(false),
  /** Directory requests answer a JSON listing. */
  listing: z.boolean().default(false),
});

const resourceDir = z.union([z.string().min(1), resourceMountSchema]);

/**
 * platypush `backend.http` options that mean nothing here: accepted, and each one that is set
 * (not null) is reported once at start with the reason given here.
 */
export const IGNORED_HTTP_KEYS = {
  ssl_capath: 'use ssl_cafile',
  flask_args: 'hub does not run Flask',
  num_workers: 'hub runs one event loop',
  use_werkzeug_server: 'hub runs one server of its own',
  websocket_port: 'socket.io shares the HTTP port',
  disable_websocket: 'socket.io is always on',
  zeroconf_enabled: 'hub does not advertise itself over mDNS',
  dashboard: 'dashboards are XML files in dashboards_dir',
  secret_key_file: 'the session and JWT secrets live in workdir',
  redis_queue: 'hub needs no Redis queue between processes',
  maps: 'hub has no /map page',
} as const;
export type IgnoredHttpKey = keyof typeof IGNORED_HTTP_KEYS;

const ignoredKeys = Object.fromEntries(
  Object.keys(IGNORED_HTTP_KEYS).map((key) => [key, z.unknown().optional()]),
) as Record<IgnoredHttpKey, z.ZodOptional<z.ZodUnknown>>;

/** Bounds on what one client can make the server hold (docs/security.md lists them). */
const limitsSchema = z.strictObject({
  /** JSON bodies nested deeper than this are refused with 400 (objects and arrays count). */
  max_json_depth: z.number().int().min(1).max(1000).default(64),
  /** Seconds a client gets to send a whole request (headers and body); 0 turns it off. */
  request_timeout_seconds: z.number().min(0).default(120),
  /** Seconds a client gets to send the request headers. */
  headers_timeout_seconds: z.number().positive().default(30),
  /** Seconds an idle keep-alive connection stays open. */
  keep_alive_timeout_seconds: z.number().positive().default(5),
  /** Request bodies being received at once from one client address; more get 503. */
  max_pending_bodies_per_address: z.number().int().positive().default(16),
  /** Request bodies being received at once in all. */
  max_pending_bodies: z.number().int().positive().default(256),
});

/** `backend.http`: the HTTP server (platypush-compatible keys plus ours). */
export const httpSchema = z.strictObject({
  bind_address: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8008),
  /**
   * Names this hub is reached by besides its own (`hub.example.org`; `.home.arpa` for a whole
   * domain). Requests for any other Host get 421: see docs/security.md (DNS rebinding).
   */
  hostnames: z.array(z.string().min(1)).default([]),
  limits: limitsSchema.default(limitsSchema.parse({})),
  resource_dirs: z
    .record(z.string().regex(/^[A-Za-z0-9._-]+$/, 'mount names are [A-Za-z0-9._-]'), resourceDir)
    .default({}),
  upload_dir: z.string().min(1).nullable().default(null),
  /** Largest accepted request body for JSON routes, in bytes. */
  body_limit: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  uploads: z
    .strictObject({
      max_file_size: z
        .number()
        .int()
        .positive()
        .default(100 * 1024 * 1024),
      max_request_size: z
        .number()
        .int()
        .positive()
        .default(500 * 1024 * 1024),
      allowed_types: z.array(z.string()).default([]),
    })
    .default({ max_file_size: 100 * 1024 * 1024, max_request_size: 500 * 1024 * 1024, allowed_types: [] }),
  cors: z
    .strictObject({ origins: z.array(z.string()).default([]), credentials: z.boolean().default(true) })
    .default({ origins: [], credentials: true }),
  ssl_cert: z.string().nullable().default(null),
  ssl_key: z.string().nullable().default(null),
  ssl_cafile: z.string().nullable().default(null),
  /** Seconds in-flight requests get to finish on SIGTERM. */
  shutdown_grace_seconds: z.number().positive().default(10),
  /** Trust X-Forwarded-For (only behind a reverse proxy you run). */
  trust_proxy: z.boolean().default(false),
  /** platypush's generated configs write `enabled: true`; the HTTP server cannot be turned off. */
  enabled: z.boolean().optional(),
  ...ignoredKeys,
});
