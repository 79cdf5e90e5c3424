import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { checkboxValue, parseBody } from '../body';
import { PasswordLoginService } from '../login/password-login.service';
import { safeRedirect } from '../safe-redirect';
import { setSessionCookie } from '../sessions/session.cookie';
import { SessionsService } from '../sessions/sessions.service';
import { TokensService } from '../tokens/tokens.service';
import { RegistrationService } from '../users/registration.service';
import { passwordSchema, usernameSchema } from '../users/user.rules';

/** platypush's webapp answer for `login` / `register`: the session, as platypush's `_dump_session`. */
export interface PlatypushSession {
  status: 'ok';
  user_id: number;
  /** Also set as the `session_token` cookie; send as `X-Session-Token` from scripts. */
  session_token: string;
  expires_at: string;
  redirect: string;
  /** hub's addition: send as `X-CSRF-Token` on cookie-authenticated writes. */
  csrf_token: string;
}

const credentials = z.object({
  username: z.string({ error: 'Missing username' }).min(1, 'Missing username').max(256),
  password: z.string({ error: 'Missing password' }).min(1, 'Missing password').max(1024),
  /** platypush's 2FA code: hub has no OTP, so it is accepted and not needed. */
  code: z.string().optional(),
});
const loginFields = credentials.extend({ remember: z.unknown().optional() });
const registerFields = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    confirm_password: z.string({ error: 'Password mismatch' }),
    remember: z.unknown().optional(),
  })
  .refine((f) => f.confirm_password === f.password, {
    message: 'Password mismatch',
    path: ['confirm_password'],
  });
const jwtFields = credentials.extend({ expiry_days: z.number().positive().max(36500).nullable().optional() });

export const PLATYPUSH_AUTH_TYPES = ['login', 'register', 'jwt'] as const;
export type PlatypushAuthType = (typeof PLATYPUSH_AUTH_TYPES)[number];

/**
 * `POST /auth?type=login|register|jwt`, with platypush's field names (form or JSON) and answers:
 * a session for `login` and `register`, `{token}` for `jwt` (`type=token`, the default, is hub's
 * own POST /auth). Errors keep hub's error shape and statuses (docs/migrating-from-platypush.md).
 * Password checks go through the same limiter and audit as /login.
 */
@Injectable()
export class PlatypushAuth {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(PasswordLoginService) private readonly passwords: PasswordLoginService,
    @Inject(RegistrationService) private readonly registration: RegistrationService,
  ) {}

  static isType(type: unknown): type is PlatypushAuthType {
    return PLATYPUSH_AUTH_TYPES.includes(type as PlatypushAuthType);
  }

  async answer(
    type: PlatypushAuthType,
    body: unknown,
    redirect: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<PlatypushSession | { token: string }> {
    if (type !== 'jwt') assertNotCrossSite(request);
    switch (type) {
      case 'login':
        return this.login(parseBody(loginFields, body ?? {}), redirect, request, reply);
      case 'register':
        return this.register(parseBody(registerFields, body ?? {}), redirect, request, reply);
      case 'jwt':
        return this.jwt(parseBody(jwtFields, body ?? {}), request);
    }
  }

  private async login(
    fields: z.output<typeof loginFields>,
    redirect: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<PlatypushSession> {
    const user = await this.passwords.verify({
      username: fields.username,
      password: fields.password,
      address: request.ip,
      method: 'login',
    });
    return this.startSession(reply, user.id, checkboxValue(fields.remember), redirect);
  }

  private async register(
    fields: z.output<typeof registerFields>,
    redirect: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<PlatypushSession> {
    const user = await this.registration.registerFirst(() => fields, request.ip);
    return this.startSession(reply, user.id, checkboxValue(fields.remember), redirect);
  }

  private async jwt(fields: z.output<typeof jwtFields>, request: FastifyRequest): Promise<{ token: string }> {
    const user = await this.passwords.verify({
      username: fields.username,
      password: fields.password,
      address: request.ip,
      method: 'auth',
    });
    // platypush's null expiry is its default one; the token carries no scopes (the user's own rights).
    const issued = await this.tokens.issueFor(null, {
      user: { id: user.id, username: user.username, isAdmin: user.isAdmin },
      name: 'jwt',
      expiryDays: fields.expiry_days ?? undefined,
      scopes: null,
    });
    return { token: issued.token };
  }

  private async startSession(
    reply: FastifyReply,
    userId: number,
    remember: boolean,
    redirect: unknown,
  ): Promise<PlatypushSession> {
    const session = await this.sessions.create(userId);
    setSessionCookie(reply, this.config, session.token, session.expiresAt, remember);
    return {
      status: 'ok',
      user_id: userId,
      session_token: session.token,
      expires_at: session.expiresAt.toISOString(),
      redirect: safeRedirect(redirect),
      csrf_token: session.csrfToken,
    };
  }
}

/**
 * A page on another site must not post a login or registration form here (it would log the
 * owner into the page's account): refused when the browser says the request is cross-site.
 */
function assertNotCrossSite(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  let foreignOrigin = false;
  if (typeof origin === 'string' && origin !== 'null') {
    try {
      foreignOrigin = new URL(origin).host !== request.headers.host;
    } catch {
      foreignOrigin = true;
    }
  }
  if (site === 'cross-site' || foreignOrigin || origin === 'null')
    throw HubError.forbidden('Cross-site login and registration forms are refused');
}
