import { Inject, Injectable } from '@nestjs/common';

import { HubError } from '@hub/common';
import type { UserEntity } from '@hub/database';

import { AuthService } from '../auth.service';
import { LoginAuditRepository } from '../login/login-audit.repository';
import { UsersService } from './users.service';

/** First-user registration (`POST /register`, platypush's `POST /auth?type=register`): open only while no user exists. */
@Injectable()
export class RegistrationService {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(LoginAuditRepository) private readonly audit: LoginAuditRepository,
  ) {}

  /**
   * Creates the first (admin) user and audits it; 403 once any user exists. That is checked
   * before `credentials()` reads the body, so a closed registration says so whatever was sent.
   * `address` is the caller's, for the audit.
   */
  async registerFirst(
    credentials: () => { username: string; password: string },
    address: string,
  ): Promise<UserEntity> {
    if (await this.auth.hasUsers()) {
      throw HubError.forbidden('Registration is closed: a user already exists; ask an administrator');
    }
    const { username, password } = credentials();
    const user = await this.users.registerFirst(username, password);
    this.auth.markUsersExist();
    await this.audit.record({ username: user.username, address, method: 'register', success: true });
    return user;
  }
}
