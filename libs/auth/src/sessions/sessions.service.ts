import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import { SessionEntity, UserEntity } from '@hub/database';
import { DataSource, LessThan, Not } from 'typeorm';
import { Revocations } from '../revocations';

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

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Browser sessions: the random token goes to the cookie, its hash to the `sessions` table. */
@Injectable()
export class SessionsService implements OnApplicationBootstrap {
  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
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
    await this.dataSource.getRepository(SessionEntity).insert(session);
    return { id: session.id, token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  /** The live session for a cookie / X-Session-Token value, or null. Expired rows are removed. */
  async resolve(token: string): Promise<ResolvedSession | null> {
    if (token.length > 256) return null;
    const session = await this.dataSource
      .getRepository(SessionEntity)
      .findOneBy({ tokenHash: hashSessionToken(token) });
    if (!session) return null;
    if (session.expiresAt.getTime() <= Date.now()) {
      await this.dataSource.getRepository(SessionEntity).delete({ id: session.id });
      return null;
    }
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: session.userId });
    return user ? { session, user } : null;
  }

  async delete(sessionId: string): Promise<void> {
    const session = await this.dataSource.getRepository(SessionEntity).findOneBy({ id: sessionId });
    if (!session) return;
    await this.dataSource.getRepository(SessionEntity).delete({ id: sessionId });
    this.revocations.notify({ sessionId, userId: session.userId });
  }

  /** After a password change: every session of the user ends except the one that changed it. */
  async deleteAllOf(userId: number, except?: string): Promise<void> {
    const repo = this.dataSource.getRepository(SessionEntity);
    const sessions = await repo.findBy(except ? { userId, id: Not(except) } : { userId });
    for (const session of sessions) {
      await repo.delete({ id: session.id });
      this.revocations.notify({ sessionId: session.id, userId });
    }
  }

  async purgeExpired(): Promise<void> {
    await this.dataSource
      .getRepository(SessionEntity)
      .delete({ expiresAt: LessThan(Date.now() as unknown as Date) });
  }
}
