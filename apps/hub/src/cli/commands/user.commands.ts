import type { INestApplicationContext } from '@nestjs/common';
import type { z } from 'zod';

import { passwordSchema, usernameSchema, UsersService } from '@hub/auth';

import { CliError } from '../cli-error';
import { CLI_IDENTITY } from '../cli-identity';
import { table } from '../table';

function valid<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new CliError(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

export async function userAdd(
  app: INestApplicationContext,
  name: string,
  password: string,
  admin: boolean,
): Promise<string> {
  const user = await app
    .get(UsersService)
    .create(valid(usernameSchema, name), valid(passwordSchema, password), admin);
  return `user '${user.username}' created${user.isAdmin ? ' (administrator)' : ''}\n`;
}

/** Sets the password without the old one (an owner's reset); the user's sessions end. */
export async function userPasswd(
  app: INestApplicationContext,
  name: string,
  password: string,
): Promise<string> {
  await app.get(UsersService).changePassword(CLI_IDENTITY, name, undefined, valid(passwordSchema, password));
  return `password of '${name}' changed\n`;
}

export async function userList(app: INestApplicationContext): Promise<string> {
  const users = await app.get(UsersService).list();
  return table(
    ['NAME', 'ADMIN', 'CREATED'],
    users.map((u) => [u.username, u.isAdmin ? 'yes' : 'no', u.createdAt.toISOString()]),
  );
}

export async function userDelete(app: INestApplicationContext, name: string): Promise<string> {
  await app.get(UsersService).delete(name);
  return `user '${name}' deleted, with their sessions and tokens\n`;
}
