import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

import { type LogFormat, prettyDestination, resolveLogFormat, useColours } from './pretty-log';

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

/** Query parameter names whose values are redacted from logged URLs (lower case). */
const secretQueryNames = new Set(SECRET_KEYS);

/**
 * Redacts `name` from every logged URL from now on: the configured name of a hook's
 * `secret_query` is known only at run time. Names are compared case-insensitively and never
 * forgotten (a name left over from a deleted hook only hides a value too many).
 */
export function redactQueryParameter(name: string): void {
  secretQueryNames.add(name.toLowerCase());
}

/** A URL safe to log: values of secret query parameters are replaced (by their decoded name). */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const hash = url.indexOf('#', start);
  const end = hash < 0 ? url.length : hash;
  const query = url
    .slice(start + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && secretQueryNames.has(decodedName(rawName)) ? `${rawName}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, start + 1)}${query}${url.slice(end)}`;
}

/** `%6Bey` and `k+y` are how a query parser reads them, so they are compared that way. */
function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

let root: Logger = pino({
  level: process.env.HUB_LOG_LEVEL ?? 'info',
  redact: REDACT_PATHS,
  base: undefined,
});

/**
 * Re-create the root logger (called once the config says which level and format to use).
 * `format` (`logging.format`) picks JSON lines or, on a terminal by default, lines for people.
 */
export function configureLogger(
  level: LogLevel,
  destination?: pino.DestinationStream,
  format: LogFormat = 'json',
): Logger {
  const isTty = process.stdout.isTTY === true;
  const pretty = !destination && resolveLogFormat(format, isTty) === 'pretty';
  root = pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined },
    destination ??
      (pretty
        ? prettyDestination(process.stdout, useColours(isTty))
        : // Asynchronous writes to a terminal lose lines (EAGAIN on the tty); pipes and files are fine.
          pino.destination({ sync: isTty })),
  );
  prettyOutput = pretty;
  generation++;
  return root;
}

let prettyOutput = false;

/** Writes out buffered log lines (before process.exit(), which would drop them). */
export function flushLogs(): Promise<void> {
  return new Promise((resolve) => {
    try {
      root.flush(() => resolve());
    } catch {
      resolve(); // a destination that cannot flush has nothing buffered
    }
  });
}

/** Whether the root logger writes lines for people (the start banner adapts to it). */
export function logsArePretty(): boolean {
  return prettyOutput;
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

/** Nest contexts whose info messages are start-up noise: one line per module, controller, route. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'NestApplication',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
]);

/** Nest's LoggerService on top of pino, so Nest's own messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  log(message: unknown, context?: string): void {
    // Nest's start-up chatter (each module, controller and mapped route) is for debugging.
    this.write(context && FRAMEWORK_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
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
