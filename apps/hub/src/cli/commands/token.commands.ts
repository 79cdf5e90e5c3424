import type { INestApplicationContext } from '@nestjs/common';

import { tokenScopeSchema, TokensService, UsersService } from '@hub/auth';

import { CliError } from '../cli-error';
import { CLI_IDENTITY } from '../cli-identity';
import { table } from '../table';

export interface TokenCreateOptions {
  user?: string;
  name?: string;
  /** `light.*,variable.get` */
  scopes?: string;
  expiryDays?: string;
}

function parseScopes(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const scopes = text.split(',').map((s) => s.trim());
  for (const scope of scopes) {
    const result = tokenScopeSchema.safeParse(scope);
    if (!result.success) throw new CliError(`--scopes: '${scope}': ${result.error.issues[0].message}`);
  }
  return scopes;
}

function parseExpiry(text: string | undefined): number | null {
  if (text === undefined) return null;
  const days = Number(text);
  if (!Number.isFinite(days) || days <= 0)
    throw new CliError(`--expiry-days: expected a positive number, got '${text}'`);
  return days;
}

/** Prints the token alone (so `TOKEN=$(npx hub token create ...)` works); it is shown once. */
export async function tokenCreate(
  app: INestApplicationContext,
  options: TokenCreateOptions,
): Promise<string> {
  if (!options.user) throw new CliError('token create needs --user NAME');
  const scopes = parseScopes(options.scopes);
  const expiryDays = parseExpiry(options.expiryDays);
  const user = await app.get(UsersService).findByUsername(options.user);
  if (!user) throw new CliError(`no user '${options.user}'`);
  const issued = await app.get(TokensService).issue({
    user: { id: user.id, username: user.username, isAdmin: user.isAdmin },
    name: options.name ?? 'cli',
    expiryDays,
    scopes,
  });
  return `${issued.token}\n`;
}

export async function tokenList(app: INestApplicationContext): Promise<string> {
  const tokens = await app.get(TokensService).list(CLI_IDENTITY);
  return table(
    ['ID', 'NAME', 'USER', 'SCOPES', 'EXPIRES', 'REVOKED'],
    tokens.map((t) => [t.id, t.name, t.user, t.scopes?.join(',') ?? 'all', t.expires_at, t.revoked_at]),
  );
}

export async function tokenRevoke(app: INestApplicationContext, id: string): Promise<string> {
  await app.get(TokensService).revoke(CLI_IDENTITY, id);
  return `token ${id} revoked\n`;
}
