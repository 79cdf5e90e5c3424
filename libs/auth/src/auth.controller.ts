import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { describeError, ErrorCode, HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import type { UserEntity } from '@hub/database';

import { CurrentIdentity, Public, SameSiteOnly } from './access.decorators';
import type { AuthenticatedRequest } from './auth.guard';
import { AuthService } from './auth.service';
import { checkboxValue, parseBody } from './body';
import { assertCsrf } from './csrf';
import type { Identity } from './identity';
import { PasswordLoginService } from './login/password-login.service';
import { loginPage, PAGE_HEADERS, registerPage } from './pages/auth-pages.html';
import { PlatypushAuth, type PlatypushSession } from './platypush/platypush-auth';
import { safeRedirect } from './safe-redirect';
import { clearSessionCookie, setSessionCookie } from './sessions/session.cookie';
import { SessionsService } from './sessions/sessions.service';
import { tokenScopeSchema } from './tokens/token-scopes';
import { type IssuedToken, TokensService } from './tokens/tokens.service';
import { RegistrationService } from './users/registration.service';
import { loginSchema, registerSchema } from './users/user.rules';
import { type UserView, userView } from './users/user.view';

const tokenRequestSchema = z.strictObject({
  username: z.string().min(1).max(256).optional(),
  password: z.string().min(1).max(1024).optional(),
  name: z.string().min(1).max(128).optional(),
  expiry_days: z.number().positive().max(36500).nullable().optional(),
  scopes: z.array(tokenScopeSchema).max(100).nullable().optional(),
});

/** What /login and /register answer to JSON clients. */
interface SessionReply {
  user: UserView;
  expires_at: string;
  /** Send as `X-CSRF-Token` on cookie-authenticated writes. */
  csrf_token: string;
}

function isForm(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

function formField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Registration, login, logout, token issuing and "who am I". */
@Controller()
export class AuthController {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(PasswordLoginService) private readonly passwords: PasswordLoginService,
    @Inject(RegistrationService) private readonly registration: RegistrationService,
    @Inject(PlatypushAuth) private readonly platypush: PlatypushAuth,
  ) {}

  /** Creates the first (admin) user and logs them in; 403 once any user exists. */
  @Public()
  @SameSiteOnly()
  @Post('register')
  async register(
    @Body() body: unknown,
    @Query('redirect') redirect: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(request, reply, body, redirect, registerPage, async () => {
      const user = await this.registration.registerFirst(() => parseBody(registerSchema, body), request.ip);
      const remember = checkboxValue((body as Record<string, unknown>).remember);
      return { status: 201, session: await this.startSession(reply, user, remember) };
    });
  }

  /** Username + password → `session_token` cookie. Wrong credentials: 401; too many: 429. */
  @Public()
  @SameSiteOnly()
  @Post('login')
  async login(
    @Body() body: unknown,
    @Query('redirect') redirect: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(request, reply, body, redirect, loginPage, async () => {
      const input = parseBody(loginSchema, body);
      const user = await this.passwords.verify({
        username: input.username,
        password: input.password,
        address: request.ip,
        method: 'login',
      });
      return { status: 200, session: await this.startSession(reply, user, checkboxValue(input.remember)) };
    });
  }

  /**
   * What /register and /login share: JSON callers get `status` and the session as JSON (errors
   * go to the global filter); form posts get a same-site redirect, or the page again with the
   * error and its status.
   */
  private async answer(
    request: FastifyRequest,
    reply: FastifyReply,
    body: unknown,
    redirect: unknown,
    page: (view: { redirect: string; error?: string; username?: string }) => string,
    run: () => Promise<{ status: number; session: unknown }>,
  ): Promise<void> {
    const form = isForm(request);
    const target = safeRedirect(redirect ?? formField(body, 'redirect'));
    try {
      const { status, session } = await run();
      if (form) return void reply.redirect(target, 302);
      void reply.status(status).send(session);
    } catch (err) {
      const failure = describeError(err);
      if (!form || !failure.expected) throw err;
      const html = page({ redirect: target, error: failure.message, username: formField(body, 'username') });
      void reply
        .status(failure.status)
        .headers({ ...failure.headers, ...PAGE_HEADERS })
        .send(html);
    }
  }

  /** Deletes the session row and clears the cookie (also fine when already logged out). */
  @Public()
  @SameSiteOnly()
  @Post('logout')
  async logout(@Req() request: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const identity = request.identity;
    if (identity?.method === 'session' && identity.sessionId) {
      // Cross-site forms must not be able to log the owner out.
      if (identity.viaCookie) assertCsrf(request);
      await this.sessions.delete(identity.sessionId);
    }
    clearSessionCookie(reply, this.config);
    if (isForm(request)) return void reply.redirect('/login', 302);
    void reply.status(200).send({ success: true });
  }

  /**
   * Issues an API token (a JWT, shown once) for `{username, password}` in the body or for the
   * caller's session/token/global token; TokensService keeps it no wider than the caller's scopes.
   * platypush's `?type=login|register|jwt` are answered as platypush answers them (PlatypushAuth).
   */
  @Public()
  @Post('auth')
  @HttpCode(200)
  async issueToken(
    @Body() body: unknown,
    @Query('type') type: unknown,
    @Query('redirect') redirect: unknown,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IssuedToken | PlatypushSession | { token: string }> {
    if (PlatypushAuth.isType(type)) return this.platypush.answer(type, body, redirect, request, reply);
    if (type !== undefined && type !== 'token')
      throw HubError.badRequest(
        `Invalid authentication type '${typeof type === 'string' ? type : JSON.stringify(type)}' (token, jwt, login, register)`,
      );
    const input = parseBody(tokenRequestSchema, body ?? {});
    let user: Identity['user'];
    let callerScopes: string[] | null = null;
    // Who asks: a username + password in the body, else the credential the request carries.
    if (input.username !== undefined || input.password !== undefined) {
      if (!input.username || !input.password) throw HubError.badRequest('username and password go together');
      const found = await this.passwords.verify({
        username: input.username,
        password: input.password,
        address: request.ip,
        method: 'auth',
      });
      user = { id: found.id, username: found.username, isAdmin: found.isAdmin };
    } else {
      const identity = request.identity;
      if (!identity) {
        if (!(await this.auth.hasUsers()))
          throw new HubError(ErrorCode.RegistrationRequired, 'Please create a user first');
        throw HubError.unauthorized('Send {username, password} or authenticate first');
      }
      if (identity.viaCookie) assertCsrf(request);
      user = identity.user;
      callerScopes = identity.scopes;
    }
    return this.tokens.issueFor(callerScopes, {
      user,
      name: input.name ?? 'api',
      expiryDays: input.expiry_days,
      scopes: input.scopes,
    });
  }

  /** Who am I: `{user, auth_method, scopes}` (plus `csrf_token` for sessions). */
  @Get('auth')
  whoAmI(@CurrentIdentity() identity: Identity): {
    user: { id: number; username: string; is_admin: boolean } | null;
    auth_method: Identity['method'];
    scopes: string[] | null;
    csrf_token?: string;
  } {
    return {
      user: identity.user
        ? { id: identity.user.id, username: identity.user.username, is_admin: identity.user.isAdmin }
        : null,
      auth_method: identity.method,
      scopes: identity.scopes,
      ...(identity.csrfToken ? { csrf_token: identity.csrfToken } : {}),
    };
  }

  private async startSession(
    reply: FastifyReply,
    user: UserEntity,
    remember: boolean,
  ): Promise<SessionReply> {
    const session = await this.sessions.create(user.id);
    setSessionCookie(reply, this.config, session.token, session.expiresAt, remember);
    return {
      user: userView(user),
      expires_at: session.expiresAt.toISOString(),
      csrf_token: session.csrfToken,
    };
  }
}
