import { Inject, Injectable } from '@nestjs/common';

import { constantTimeEqual, ErrorCode, HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';

import type { Credentials, Identity } from './identity';
import { PasswordLoginService } from './login/password-login.service';
import { type RevocationListener, Revocations } from './revocations';
import { SessionsService } from './sessions/sessions.service';
import { TokensService } from './tokens/tokens.service';
import { UsersService } from './users/users.service';

/**
 * The one authenticate() used by HTTP routes and the socket.io handshake.
 * Order (api.md §2): JWT / global token (Bearer, ?token=, X-Token), session (cookie,
 * X-Session-Token), Basic. A credential that is offered but wrong is a 401, even when another
 * one would have worked: a client should learn that its token is bad.
 */
@Injectable()
export class AuthService {
  private usersExist = false;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(PasswordLoginService) private readonly passwords: PasswordLoginService,
    @Inject(Revocations) private readonly revocations: Revocations,
  ) {}

  /** Resolves the identity, or throws 401 (bad credentials) / 412 (no user registered yet) / 429. */
  async authenticate(credentials: Credentials): Promise<Identity> {
    const tokens = [credentials.bearer, credentials.queryToken, credentials.xToken].filter(
      (t): t is string => !!t,
    );
    const globalToken = this.config.token;
    if (globalToken && tokens.some((t) => constantTimeEqual(t, globalToken))) {
      return { method: 'global_token', user: null, scopes: null };
    }
    if (!(await this.hasUsers())) {
      throw new HubError(ErrorCode.RegistrationRequired, 'Please create a user first');
    }
    const jwt = credentials.bearer ?? credentials.queryToken;
    if (jwt && this.tokens.looksLikeJwt(jwt)) return this.tokens.verify(jwt);
    if (tokens.length > 0) throw HubError.unauthorized('Invalid token');

    const sessionToken = credentials.sessionHeader ?? credentials.sessionCookie;
    if (sessionToken) {
      const resolved = await this.sessions.resolve(sessionToken);
      if (!resolved) throw HubError.unauthorized('Session expired or logged out; please log in again');
      return {
        method: 'session',
        user: { id: resolved.user.id, username: resolved.user.username, isAdmin: resolved.user.isAdmin },
        sessionId: resolved.session.id,
        scopes: null,
        viaCookie: !credentials.sessionHeader,
        csrfToken: resolved.session.csrfToken,
      };
    }
    if (credentials.basic) {
      const user = await this.passwords.verifyBasic({ ...credentials.basic, address: credentials.address });
      return {
        method: 'basic',
        user: { id: user.id, username: user.username, isAdmin: user.isAdmin },
        scopes: null,
      };
    }
    throw HubError.unauthorized();
  }

  /**
   * Called when a token is revoked, a session deleted (logout, password change) or a user
   * deleted; returns the unsubscribe function. The realtime gateway disconnects sockets with it.
   */
  onRevoked(listener: RevocationListener): () => void {
    return this.revocations.subscribe(listener);
  }

  /** Cached once true: users are never all deleted (the last admin cannot be removed). */
  async hasUsers(): Promise<boolean> {
    if (!this.usersExist) this.usersExist = (await this.users.count()) > 0;
    return this.usersExist;
  }

  markUsersExist(): void {
    this.usersExist = true;
  }
}
