import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** Query parameters and fields whose values never reach a log line. */
const SECRET_KEYS = ['token', 'password', 'confirm_password', 'old_password', 'new_password', 'secret'];

/** Paths pino blanks out wherever they appear in a logged object. */
const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-token"]',
  'req.headers["x-session-token"]',
  'req.headers["x-csrf-token"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-token"]',
];

const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_KEYS.join('|')})=)[^&#]*`, 'gi');

/** A URL safe to log: values of secret query parameters are replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

let root: Logger = pino({
  level: process.env.HUB_LOG_LEVEL ?? 'info',
  redact: REDACT_PATHS,
  base: undefined,
});

/** Re-create the root logger (called once the config says which level to use). */
export function configureLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  root = pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    destination ?? pino.destination({ sync: false }),
  );
  generation++;
  return root;
}

/** Bumped by configureLogger() so loggers made before it (at import time) follow the new root. */
let generation = 0;

/**
 * A logger for one context. Usually created at module load, before main.ts has read the config:
 * it re-binds to the current root logger whenever configureLogger() replaced it, so the level
 * and destination from config.yaml apply to every module.
 */
export function createLogger(context: string): Logger {
  let child = root.child({ context });
  let boundTo = generation;
  const current = (): Logger => {
    if (boundTo !== generation) {
      child = root.child({ context });
      boundTo = generation;
    }
    return child;
  };
  return new Proxy(child, {
    get(_target, prop) {
      const logger = current();
      const value: unknown = Reflect.get(logger, prop, logger);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(logger) : value;
    },
  });
}

/** Nest's LoggerService on top of pino, so Nest's own messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    root.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  private write(level: 'info' | 'warn' | 'debug' | 'trace', message: unknown, context?: string): void {
    if (typeof message === 'object' && message !== null) root[level]({ context, ...message });
    else root[level]({ context }, String(message));
  }
}
