import { Body, Controller, Delete, Get, Inject, Param, Post, Put, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { HubError } from '@hub/common';

import { AdminOnly, CurrentIdentity } from '../access.decorators';
import { parseBody } from '../body';
import type { Identity } from '../identity';
import { PasswordLoginService } from '../login/password-login.service';
import { SessionsService } from '../sessions/sessions.service';
import { changePasswordSchema, createUserSchema, usernameSchema } from './user.rules';
import { type UserView, userView } from './user.view';
import { UsersService } from './users.service';

function checkName(name: string): string {
  if (!usernameSchema.safeParse(name).success)
    throw HubError.badRequest(`Invalid username '${name.slice(0, 64)}'`);
  return name;
}

/** Administrators manage users; everyone may change their own password. */
@Controller('users')
export class UsersController {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(PasswordLoginService) private readonly logins: PasswordLoginService,
  ) {}

  @AdminOnly()
  @Get()
  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(userView);
  }

  /** `{username, password, confirm_password?, is_admin?}` → 201; 409 when the name is taken. */
  @AdminOnly()
  @Post()
  async create(@Body() body: unknown): Promise<UserView> {
    const input = parseBody(createUserSchema, body);
    return userView(await this.users.create(input.username, input.password, input.is_admin));
  }

  /** Deletes the user, their sessions and tokens; the last administrator cannot be deleted (409). */
  @AdminOnly()
  @Delete(':name')
  async delete(@Param('name') name: string): Promise<{ success: true }> {
    await this.users.delete(checkName(name));
    return { success: true };
  }

  /**
   * `{old_password, password, confirm_password?}`: the old password is needed for your own;
   * administrators reset others' without it. The user's other sessions end. Wrong old
   * passwords count as failed logins of this address + username (429 past the limit).
   */
  @Put(':name/password')
  async changePassword(
    @CurrentIdentity() identity: Identity,
    @Param('name') name: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<{ success: true }> {
    const input = parseBody(changePasswordSchema, body);
    const user = await this.users.changePassword(
      identity,
      checkName(name),
      input.old_password,
      input.password,
      (target, old) => this.logins.verifyOldPassword(target, old, request.ip),
    );
    await this.sessions.deleteAllOf(user.id, identity.user?.id === user.id ? identity.sessionId : undefined);
    return { success: true };
  }
}
