import { describe, expect, it, vi } from 'vitest';

import { ErrorCode, HubError } from '@hub/common';
import type { HubConfig } from '@hub/config';

import { AuthService } from './auth.service';
import type { Credentials, Identity } from './identity';
import type { PasswordLoginService } from './login/password-login.service';
import { Revocations } from './revocations';
import type { SessionsService } from './sessions/sessions.service';
import type { TokensService } from './tokens/tokens.service';
import type { UsersService } from './users/users.service';

const JWT = 'aaa.bbb.ccc';
const jwtIdentity: Identity = {
  method: 'jwt',
  user: { id: 1, username: 'u', isAdmin: false },
  tokenId: 't',
  scopes: null,
};

/** AuthService with its collaborators replaced: only the order and the outcomes matter here. */
function setup(options: { token?: string | null; users?: number } = {}) {
  const users = { count: vi.fn(async () => options.users ?? 1) };
  const sessions = {
    resolve: vi.fn(async (token: string) =>
      token === 'good-session'
        ? { session: { id: 's1', csrfToken: 'csrf' }, user: { id: 1, username: 'u', isAdmin: true } }
        : null,
    ),
  };
  const tokens = {
    looksLikeJwt: (v: string) => v.split('.').length === 3,
    verify: vi.fn(async (t: string) => {
      if (t === JWT) return jwtIdentity;
      throw HubError.unauthorized('Invalid token');
    }),
  };
  const passwords = { verifyBasic: vi.fn(async () => ({ id: 3, username: 'b', isAdmin: false })) };
  const config = { token: options.token ?? null } as HubConfig;
  const service = new AuthService(
    config,
    users as unknown as UsersService,
    sessions as unknown as SessionsService,
    tokens as unknown as TokensService,
    passwords as unknown as PasswordLoginService,
    new Revocations(null),
  );
  return { service, users, sessions, tokens, passwords };
}

const creds = (c: Partial<Credentials>): Credentials => ({ address: '127.0.0.1', ...c });

describe(AuthService.name, () => {
  describe('authenticate', () => {
    it('accepts the global token from any of its places, even before any user exists', async () => {
      const { service } = setup({ token: 'global', users: 0 });
      for (const c of [{ xToken: 'global' }, { bearer: 'global' }, { queryToken: 'global' }]) {
        await expect(service.authenticate(creds(c))).resolves.toEqual({
          method: 'global_token',
          user: null,
          scopes: null,
        });
      }
    });

    it('answers 412 before the first user for anything else', async () => {
      const { service } = setup({ users: 0 });
      await expect(service.authenticate(creds({ bearer: JWT }))).rejects.toMatchObject({
        code: ErrorCode.RegistrationRequired,
      });
    });

    it('checks a JWT before a session, and a bad JWT is a 401 even with a good session', async () => {
      const { service, sessions } = setup();
      await expect(service.authenticate(creds({ bearer: JWT, sessionCookie: 'good-session' }))).resolves.toBe(
        jwtIdentity,
      );
      await expect(
        service.authenticate(creds({ queryToken: 'x.y.z', sessionCookie: 'good-session' })),
      ).rejects.toMatchObject({
        code: ErrorCode.Unauthorized,
      });
      expect(sessions.resolve).not.toHaveBeenCalled();
    });

    it('refuses an X-Token that is not the global token', async () => {
      const { service } = setup({ token: 'global' });
      await expect(service.authenticate(creds({ xToken: 'other' }))).rejects.toMatchObject({
        code: ErrorCode.Unauthorized,
      });
    });

    it('marks a cookie session viaCookie (CSRF applies) but not an X-Session-Token one', async () => {
      const { service } = setup();
      await expect(service.authenticate(creds({ sessionCookie: 'good-session' }))).resolves.toMatchObject({
        method: 'session',
        sessionId: 's1',
        viaCookie: true,
        csrfToken: 'csrf',
      });
      await expect(service.authenticate(creds({ sessionHeader: 'good-session' }))).resolves.toMatchObject({
        viaCookie: false,
      });
    });

    it('uses Basic last, with the client address for rate limiting', async () => {
      const { service, passwords } = setup();
      await expect(
        service.authenticate(creds({ basic: { username: 'b', password: 'p' } })),
      ).resolves.toMatchObject({
        method: 'basic',
        user: { username: 'b' },
      });
      expect(passwords.verifyBasic).toHaveBeenCalledWith({
        username: 'b',
        password: 'p',
        address: '127.0.0.1',
      });
    });

    it('answers 401 without credentials', async () => {
      const { service } = setup();
      await expect(service.authenticate(creds({}))).rejects.toMatchObject({ code: ErrorCode.Unauthorized });
    });
  });

  describe('hasUsers', () => {
    it('stops counting once a user exists', async () => {
      const { service, users } = setup({ users: 0 });
      expect(await service.hasUsers()).toBe(false);
      service.markUsersExist();
      expect(await service.hasUsers()).toBe(true);
      expect(users.count).toHaveBeenCalledTimes(1);
    });
  });
});
