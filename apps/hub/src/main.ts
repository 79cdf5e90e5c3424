import 'reflect-metadata';

import { AuthService } from '@hub/auth';
import { createLogger, flushLogs, logsArePretty } from '@hub/common';
import { ConfigError, loadConfig } from '@hub/config';

import { startHub } from './bootstrap/hub-app';
import { nextStep, startBanner, startFields } from './bootstrap/start-banner';
import { WORKDIR_LOCKED_EXIT_CODE, WorkdirLockedError } from './bootstrap/workdir-lock';

function argValue(argv: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const name of names) {
      if (argv[i] === name) return argv[i + 1];
      if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  let config;
  try {
    // Validate everything before Nest (and the database) is touched.
    config = loadConfig({ configPath: argValue(process.argv.slice(2), '--config', '-c') });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  let hub;
  try {
    hub = await startHub(config);
  } catch (err) {
    // Plugin sections are validated by startHub (the plugins' own schemas), still before the database.
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof WorkdirLockedError) {
      process.stderr.write(`hub: ${err.message}\n`);
      process.exit(WORKDIR_LOCKED_EXIT_CODE);
    }
    throw err;
  }
  const log = createLogger('Main');
  for (const warning of hub.warnings) log.warn(warning);
  // Before the banner: whoever waits for it may send SIGTERM at once.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const grace = setTimeout(() => {
      log.error('shutdown grace period over, exiting');
      process.exit(1);
    }, config.http.shutdown_grace_seconds * 1000);
    grace.unref();
    hub
      .close()
      .then(flushLogs)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'error during shutdown');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const facts = { url: hub.url, config, hasUsers: await hub.app.get(AuthService).hasUsers() };
  if (logsArePretty()) {
    process.stdout.write(startBanner(facts));
  } else {
    // JSON lines for the log collector, and the plain line scripts wait for.
    log.info(startFields(facts), `hub listening on ${hub.url}`);
    process.stdout.write(`hub listening on ${hub.url}\n`);
    if (!facts.hasUsers) {
      log.warn(nextStep(facts));
      process.stdout.write(`${nextStep(facts)}\n`);
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`hub failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
