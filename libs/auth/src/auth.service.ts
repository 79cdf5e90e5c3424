import { Inject, Injectable } from '@nestjs/common';
import { constantTimeEqual, ErrorCode, HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { UserEntity } from '@hub/database';
import { DataSource } from 'typeorm';
import type { Credentials, Identity } from './identity';

/**
 * The one authenticate() used by HTTP routes and the socket.io handshake.
 * Order (api.md §2): JWT / global token (Bearer, ?token=, X-Token), session, Basic.
 */
@Injectable()
export class AuthService {
  private usersExist = false;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** Resolves the identity, or throws 401 (bad credentials) / 412 (no user registered yet). */
  async authenticate(credentials: Credentials): Promise<Identity> {
    const tokens = [credentials.bearer, credentials.queryToken, credentials.xToken].filter(
      (t): t is string => !!t,
    );
    if (this.config.token && tokens.some((t) => constantTimeEqual(t, this.config.token!))) {
      return { method: 'global_token', user: null, scopes: null };
    }
    if (!(await this.hasUsers())) {
      throw new HubError(ErrorCode.RegistrationRequired, 'Please create a user first');
    }
    // TODO(auth): JWT (bearer / query token), session (cookie / X-Session-Token), Basic.
    throw HubError.unauthorized();
  }

  /** Cached once true: users are never all deleted (the last admin cannot be removed). */
  async hasUsers(): Promise<boolean> {
    if (!this.usersExist) this.usersExist = (await this.dataSource.getRepository(UserEntity).count()) > 0;
    return this.usersExist;
  }

  markUsersExist(): void {
    this.usersExist = true;
  }
}
