import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

import { configureLogger, PinoNestLogger } from '@hub/common';
import type { HubConfig } from '@hub/config';
import { loadTlsOptions } from '@hub/files';

import { AppModule } from '../app.module';
import { checkConfigBeforeStart } from './config-check';
import { toErrorBody } from './exception.filter';
import { installHttpPipeline, installHttpPipelineAfterInit } from './http-pipeline';
import { writePidFile } from './pid-file';
import { serverTimeouts } from './request-limits';
import { lockWorkdir } from './workdir-lock';

export interface RunningHub {
  app: NestFastifyApplication;
  config: HubConfig;
  /** Everything the start found worth saying but not fatal: config.warnings plus the plugin and automation checks. */
  warnings: string[];
  /** `http://127.0.0.1:8008` (the real port when 0 was asked for). */
  url: string;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

export interface StartHubOptions {
  /** Don't re-create the root logger (tests keep their own). */
  keepLogger?: boolean;
}

/** Boots the whole hub on an already-validated config and starts listening. */
export async function startHub(config: HubConfig, options: StartHubOptions = {}): Promise<RunningHub> {
  if (!options.keepLogger) configureLogger(config.logging.level, undefined, config.logging.format);
  // Plugin sections, hooks, procedures and crons are checked before anything (the database) starts.
  const warnings = checkConfigBeforeStart(config);
  // Then the workdir, before the database opens: a second hub on it stops here (WorkdirLockedError).
  const unlock = lockWorkdir(config.workdir);
  // `npx hub restore` refuses while this file names a live process.
  const removePidFile = writePidFile(config.workdir);
  const release = () => {
    removePidFile();
    unlock();
  };
  try {
    return await serve(config, warnings, release);
  } catch (err) {
    release();
    throw err;
  }
}

/** The hub itself, once the workdir is ours; `release` gives the workdir back after close. */
async function serve(config: HubConfig, warnings: string[], release: () => void): Promise<RunningHub> {
  const tls = config.http.tls;
  const timeouts = serverTimeouts(config.http.limits);
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.body_limit,
    trustProxy: config.http.trust_proxy,
    logger: false,
    ...timeouts,
    https: tls ? { ...loadTlsOptions(tls), ...timeouts.http } : null,
    // Keep-alive connections that sit idle are closed at shutdown; busy ones finish first.
    forceCloseConnections: 'idle',
    // Errors Fastify raises before routing (a URL with bad percent-encoding) get our JSON shape.
    frameworkErrors: (
      err: Error,
      _request: unknown,
      reply: { code(n: number): { send(b: unknown): void } },
    ) => {
      const { status, body } = toErrorBody(err);
      reply.code(status).send(body);
    },
  } as ConstructorParameters<typeof FastifyAdapter>[0]);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(),
    abortOnError: false,
  });
  await installHttpPipeline(app, config);
  await app.init();
  installHttpPipelineAfterInit(app, config);
  await app.listen(config.http.port, config.http.bind_address);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.bind_address.includes(':')
    ? `[${config.http.bind_address}]`
    : config.http.bind_address;
  const url = `${tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = () => (closing ??= app.close().finally(release));
  return { app, config, warnings, url, close };
}
