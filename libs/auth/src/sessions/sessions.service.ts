import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';

import { HUB_CONFIG, type HubConfig } from '@hub/config';
import type { SessionEntity, UserEntity } from '@hub/database';

import { Revocations } from '../revocations';
import { UsersRepository } from '../users/users.repository';
import { SessionsRepository } from './sessions.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface NewSession {
  id: string;
  /** The cookie value; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ResolvedSession {
  session: SessionEntity;
  user: UserEntity;
}

function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Browser sessions: the random token goes to the cookie, its hash to the `sessions` table. */
@Injectable()
export class SessionsService implements OnApplicationBootstrap {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(SessionsRepository) private readonly repo: SessionsRepository,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(Revocations) private readonly revocations: Revocations,
  ) {}

  /** Expired sessions are removed when next presented; the rest are swept at each start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.purgeExpired();
  }

  get lifetimeMs(): number {
    return this.config.auth.session_days * DAY_MS;
  }

  async create(userId: number): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url');
    const session = {
      id: randomUUID(),
      tokenHash: hashSessionToken(token),
      csrfToken: randomBytes(24).toString('base64url'),
      userId,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + this.lifetimeMs),
    };
    await this.repo.insert(session);
    return { id: session.id, token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  /** The live session for a cookie / X-Session-Token value, or null. Expired rows are removed. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    if (token.length > 256) return null;
    const session = await this.repo.findByTokenHash(hashSessionToken(token));
    if (!session) return null;
    if (session.expiresAt.getTime() <= Date.now()) {
      await this.repo.delete(session.id);
      return null;
    }
    const user = await this.users.findById(session.userId);
    return user ? { session, user } : null;
  }

  async delete(sessionId: string): Promise<void> {
    const session = await this.repo.findById(sessionId);
    if (!session) return;
    await this.repo.delete(sessionId);
    this.revocations.notify({ sessionId, userId: session.userId });
  }

  /** After a password change: every session of the user ends except the one that changed it. */
  async deleteAllOf(userId: number, except?: string): Promise<void> {
    for (const session of await this.repo.findByUser(userId, except)) {
      await this.repo.delete(session.id);
      this.revocations.notify({ sessionId: session.id, userId });
    }
  }

  async purgeExpired(): Promise<void> {
    await this.repo.deleteExpired();
  }
}
