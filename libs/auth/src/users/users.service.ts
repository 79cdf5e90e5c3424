import { Inject, Injectable } from '@nestjs/common';

import { createLogger, HubError } from '@hub/common';
import type { UserEntity } from '@hub/database';

import type { Identity } from '../identity';
import { Revocations } from '../revocations';
import { SerialQueue } from '../serial-queue';
import { PasswordHasher } from './password.hasher';
import { isUniqueViolation, UsersRepository } from './users.repository';

const log = createLogger('Users');

/**
 * Administrator rights: the global token, or an admin user through an unscoped credential. A
 * scoped token (say `light.*`) never administers the hub, whoever it belongs to.
 */
export function isAdminIdentity(identity: Identity): boolean {
  if (identity.method === 'global_token') return true;
  return identity.user?.isAdmin === true && identity.scopes === null;
}

/**
 * Checks the `old_password` of a password change; throws when it is wrong. HTTP passes the
 * rate-limited check of PasswordLoginService (which needs this service, hence a parameter).
 */
export type OldPasswordCheck = (user: UserEntity, oldPassword: string) => Promise<void>;

/** Users: first-user registration, admin management, password changes. */
@Injectable()
export class UsersService {
  private readonly writes = new SerialQueue();
  private readonly passwordListeners = new Set<(userId: number) => void>();

  constructor(
    @Inject(UsersRepository) private readonly repo: UsersRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(Revocations) private readonly revocations: Revocations,
  ) {}

  count(): Promise<number> {
    return this.repo.count();
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.repo.findByUsername(username);
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.repo.findById(id);
  }

  list(): Promise<UserEntity[]> {
    return this.repo.list();
  }

  /** The first user, an administrator; refused (403) once any user exists. */
  async registerFirst(username: string, password: string): Promise<UserEntity> {
    const hash = await this.hasher.hash(password);
    return this.writes.run(async () => {
      if ((await this.count()) > 0) {
        throw HubError.forbidden('Registration is closed: a user already exists; ask an administrator');
      }
      const user = await this.insert(username, hash, true);
      log.info({ username }, 'first (admin) user registered');
      return user;
    });
  }

  async create(username: string, password: string, isAdmin: boolean): Promise<UserEntity> {
    const hash = await this.hasher.hash(password);
    return this.writes.run(async () => {
      if (await this.findByUsername(username)) throw HubError.conflict(`User '${username}' already exists`);
      // The first user (created here with the global token) is always an administrator, so the
      // hub never ends up with users but nobody who can manage them.
      const user = await this.insert(username, hash, isAdmin || (await this.count()) === 0);
      log.info({ username, isAdmin }, 'user created');
      return user;
    });
  }

  /** Deletes a user with their sessions and tokens (cascade); never the last administrator. */
  async delete(username: string): Promise<void> {
    await this.writes.run(async () => {
      const user = await this.findByUsername(username);
      if (!user) throw HubError.notFound(`No user '${username}'`);
      if (user.isAdmin && (await this.repo.countAdmins()) <= 1) {
        throw HubError.conflict('The last administrator cannot be deleted');
      }
      await this.repo.delete(user.id);
      log.info({ username }, 'user deleted');
      this.revocations.notify({ userId: user.id });
    });
  }

  /**
   * Own password: the old one is required. Administrators (and the global token) may reset
   * anyone's. Other sessions of that user end; API tokens stay valid.
   */
  async changePassword(
    actor: Identity,
    username: string,
    oldPassword: string | undefined,
    newPassword: string,
    checkOld: OldPasswordCheck = (user, old) => this.plainCheck(user, old),
  ): Promise<UserEntity> {
    const user = await this.findByUsername(username);
    const own = actor.user?.id !== undefined && actor.user.id === user?.id;
    if (!own && !isAdminIdentity(actor)) throw HubError.forbidden('You may only change your own password');
    if (!user) throw HubError.notFound(`No user '${username}'`);
    if (own) {
      if (!oldPassword) throw HubError.badRequest('old_password is required to change your own password');
      await checkOld(user, oldPassword);
    }
    user.passwordHash = await this.hasher.hash(newPassword);
    await this.repo.updatePasswordHash(user.id, user.passwordHash);
    log.info({ username, by: actor.user?.username ?? actor.method }, 'password changed');
    for (const listener of this.passwordListeners) listener(user.id);
    return user;
  }

  private async plainCheck(user: UserEntity, oldPassword: string): Promise<void> {
    if (!(await this.hasher.verify(oldPassword, user.passwordHash))) {
      throw HubError.forbidden('old_password is wrong');
    }
  }

  /** Called after a password change (sessions end, cached Basic logins are forgotten). */
  onPasswordChanged(listener: (userId: number) => void): void {
    this.passwordListeners.add(listener);
  }

  private async insert(username: string, passwordHash: string, isAdmin: boolean): Promise<UserEntity> {
    try {
      return await this.repo.insert({ username, passwordHash, isAdmin, createdAt: new Date() });
    } catch (err) {
      if (isUniqueViolation(err)) throw HubError.conflict(`User '${username}' already exists`);
      throw err;
    }
  }
}
