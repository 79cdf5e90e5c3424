import { parseArgs } from 'node:util';

import { CliError } from './cli-error';

export interface CliArgs {
  /** `user add alice` → ['user', 'add', 'alice']. */
  positionals: string[];
  config?: string;
  admin: boolean;
  force: boolean;
  help: boolean;
  user?: string;
  name?: string;
  scopes?: string;
  expiryDays?: string;
}

export function parseCliArgs(argv: string[]): CliArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        admin: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        user: { type: 'string' },
        name: { type: 'string' },
        scopes: { type: 'string' },
        'expiry-days': { type: 'string' },
      },
    });
    return {
      positionals,
      config: values.config,
      admin: values.admin,
      force: values.force,
      help: values.help,
      user: values.user,
      name: values.name,
      scopes: values.scopes,
      expiryDays: values['expiry-days'],
    };
  } catch (err) {
    // parseArgs explains unknown options well ("Unknown option '--amdin'"); keep its words.
    throw new CliError(`${(err as Error).message}; see npx hub --help`);
  }
}

export const USAGE = `usage: npx hub [--config PATH] <command>

  config check                       validate config.yaml as the hub does at start (exit 2 if not)
  user add NAME [--admin]            create a user; the password is read from stdin
  user passwd NAME                   set a user's password (read from stdin)
  user list                          list users
  user delete NAME                   delete a user with their sessions and tokens
  token create --user NAME [--name N] [--scopes a,b] [--expiry-days N]
                                     issue an API token; prints the token alone on stdout
  token list                         list API tokens (never the secret)
  token revoke ID                    revoke an API token
  hooks match '<event JSON>'         which config.yaml hooks an event would run (exit 1: none)
  backup FILE                        database, secrets and dashboards into FILE (hub may run)
  restore FILE [--force]             put a backup back (the hub must be stopped)

The config is found as the hub finds it: --config, $HUB_CONFIG, ./config.yaml,
~/.config/hub/config.yaml. Works while the hub runs and while it is stopped (restore: stopped).
`;
