import 'reflect-metadata';

import pino from 'pino';

import { configureLogger } from '@hub/common';
import { ConfigError, type HubConfig, loadConfig } from '@hub/config';

import { type CliArgs, parseCliArgs, USAGE } from './cli-args';
import { CliError, EXIT_CONFIG, EXIT_FAILED } from './cli-error';
import { readSecret } from './read-secret';

function required(value: string | undefined, what: string): string {
  if (!value) throw new CliError(`missing ${what}; see npx hub --help`);
  return value;
}

/**
 * Runs one command; its output is returned (printed on stdout), failures are thrown. Each
 * command's code is loaded when it runs: `config check` need not load Nest and TypeORM, nor
 * `user list` the plugins.
 */
async function run(args: CliArgs, config: HubConfig): Promise<string> {
  const [group, command, arg] = args.positionals;
  const key = `${group} ${command ?? ''}`.trim();
  const services = async () => (await import('./cli-context')).withHubServices;
  const users = () => import('./commands/user.commands');
  const tokens = () => import('./commands/token.commands');
  switch (key) {
    case 'config check':
      return (await import('./commands/config-check.command')).configCheck(config);
    case 'user add': {
      const name = required(arg, 'NAME');
      const password = await readSecret(`password for ${name}: `);
      const { userAdd } = await users();
      return (await services())(config, (app) => userAdd(app, name, password, args.admin));
    }
    case 'user passwd': {
      const name = required(arg, 'NAME');
      const password = await readSecret(`new password for ${name}: `);
      const { userPasswd } = await users();
      return (await services())(config, (app) => userPasswd(app, name, password));
    }
    case 'user list': {
      const { userList } = await users();
      return (await services())(config, (app) => userList(app));
    }
    case 'user delete': {
      const name = required(arg, 'NAME');
      const { userDelete } = await users();
      return (await services())(config, (app) => userDelete(app, name));
    }
    case 'token create': {
      const { tokenCreate } = await tokens();
      return (await services())(config, (app) => tokenCreate(app, args));
    }
    case 'token list': {
      const { tokenList } = await tokens();
      return (await services())(config, (app) => tokenList(app));
    }
    case 'token revoke': {
      const id = required(arg, 'ID');
      const { tokenRevoke } = await tokens();
      return (await services())(config, (app) => tokenRevoke(app, id));
    }
    case 'hooks match':
      return (await import('./commands/hooks-match.command')).hooksMatch(config, arg);
    default:
      if (group === 'backup') {
        return (await import('./backup/backup.command')).backup(config, required(command, 'FILE'));
      }
      if (group === 'restore') {
        return (await import('./backup/restore.command')).restore(
          config,
          required(command, 'FILE'),
          args.force,
        );
      }
      throw new CliError(`unknown command '${args.positionals.join(' ')}'; see npx hub --help`);
  }
}

/** `npx hub ...`: exit 0 on success, 2 for a configuration that does not validate, 1 otherwise. */
export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help || args.positionals.length === 0) {
      (args.help ? process.stdout : process.stderr).write(USAGE);
      return args.help ? 0 : EXIT_FAILED;
    }
    // The services' own log lines go to stderr, warnings and worse only: stdout is the result.
    configureLogger('warn', pino.destination({ dest: 2, sync: true }));
    const config = loadConfig({ configPath: args.config });
    process.stdout.write(await run(args, config));
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return EXIT_CONFIG;
    }
    // One line, no stack: CliErrors and the services' HubErrors are written for people.
    process.stderr.write(`hub: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof CliError ? err.exitCode : EXIT_FAILED;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
