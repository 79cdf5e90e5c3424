import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { Public } from '../access.decorators';
import { AuthService } from '../auth.service';
import { safeRedirect } from '../safe-redirect';
import { loginNotice, loginPage, PAGE_HEADERS, registerPage } from './auth-pages.html';

/** The login and first-user registration forms (form-encoded posts to /login and /register). */
@Controller()
export class AuthPagesController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  /** Login form; before any user exists it sends the visitor to /register instead. */
  @Public()
  @Get('login')
  async login(
    @Query('redirect') redirect: unknown,
    @Query('reason') reason: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const target = safeRedirect(redirect);
    if (!(await this.auth.hasUsers())) {
      return void reply.redirect(`/register?redirect=${encodeURIComponent(target)}`, 302);
    }
    void reply
      .status(200)
      .headers(PAGE_HEADERS)
      .send(loginPage({ redirect: target, notice: loginNotice(reason) }));
  }

  /** First-user form; once a user exists it sends the visitor to /login. */
  @Public()
  @Get('register')
  async register(@Query('redirect') redirect: unknown, @Res() reply: FastifyReply): Promise<void> {
    const target = safeRedirect(redirect);
    if (await this.auth.hasUsers()) {
      return void reply.redirect(`/login?redirect=${encodeURIComponent(target)}`, 302);
    }
    void reply
      .status(200)
      .headers(PAGE_HEADERS)
      .send(registerPage({ redirect: target }));
  }
}
