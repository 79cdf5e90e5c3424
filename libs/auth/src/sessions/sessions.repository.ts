import { Inject, Injectable } from '@nestjs/common';
import { DataSource, LessThan, Not, type Repository } from 'typeorm';

import { SessionEntity } from '@hub/database';

/** The `sessions` table (the cookie value is never stored, only its hash). */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get repo(): Repository<SessionEntity> {
    return this.dataSource.getRepository(SessionEntity);
  }

  async insert(session: SessionEntity): Promise<void> {
    await this.repo.insert(session);
  }

  findByTokenHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.repo.findOneBy({ tokenHash });
  }

  findById(id: string): Promise<SessionEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Every session of a user, but `except`. */
  findByUser(userId: number, except?: string): Promise<SessionEntity[]> {
    return this.repo.findBy(except ? { userId, id: Not(except) } : { userId });
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** Deletes the sessions that expired before `now`. */
  async deleteExpired(now = Date.now()): Promise<void> {
    // The column holds epoch ms (see epochMs); TypeORM types the operand as the entity's Date.
    await this.repo.delete({ expiresAt: LessThan(now as unknown as Date) });
  }
}
