import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, IsNull, type Repository, type SelectQueryBuilder } from 'typeorm';

import { ApiTokenEntity } from '@hub/database';

/**
 * The `api_tokens` table: one row per issued JWT (its `jti`); the JWT itself is never stored.
 * `userId` null is the global token's own tokens.
 */
@Injectable()
export class TokensRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get repo(): Repository<ApiTokenEntity> {
    return this.dataSource.getRepository(ApiTokenEntity);
  }

  async insert(token: ApiTokenEntity): Promise<void> {
    await this.repo.insert(token);
  }

  findById(id: string): Promise<ApiTokenEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Oldest first; `userId` undefined: everyone's. */
  list(userId?: number): Promise<ApiTokenEntity[]> {
    return this.repo.find({ where: userId === undefined ? {} : { userId }, order: { createdAt: 'ASC' } });
  }

  /** Marks a token revoked unless it already is (the first revocation time stays). */
  async markRevoked(id: string, at: Date): Promise<void> {
    await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Records a use; skipped once the database is closing (it runs off the request path). */
  async recordUse(id: string, at: Date): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    await this.repo.update({ id }, { lastUsedAt: at });
  }

  /** How many of the owner's tokens still work at `now` (neither revoked nor expired). */
  countLive(userId: number | null, now: number): Promise<number> {
    return this.ownedBy(userId, 'live', now).getCount();
  }

  /** Deletes the owner's ended (revoked or expired) tokens but the `keep` newest; up to 1,000 a call. */
  async deleteEndedBeyond(userId: number | null, now: number, keep: number): Promise<void> {
    const surplus = await this.ownedBy(userId, 'ended', now)
      .select('t.id', 'id')
      .orderBy('t.created_at', 'DESC')
      .offset(keep)
      .limit(1000)
      .getRawMany<{ id: string }>();
    if (surplus.length > 0) await this.repo.delete({ id: In(surplus.map((r) => r.id)) });
  }

  /** Deletes the tokens that ended (were revoked, or expired) before `cutoff` (epoch ms). */
  async deleteEndedBefore(cutoff: number): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .delete()
      .where('revoked_at < :cutoff OR (revoked_at IS NULL AND expires_at < :cutoff)', { cutoff })
      .execute();
  }

  /** An owner's tokens that still work (`live`) or no longer do (`ended`: revoked or expired). */
  private ownedBy(
    userId: number | null,
    state: 'live' | 'ended',
    now: number,
  ): SelectQueryBuilder<ApiTokenEntity> {
    const query = this.repo.createQueryBuilder('t');
    if (userId !== null) query.where('t.user_id = :userId', { userId });
    else query.where('t.user_id IS NULL');
    return state === 'live'
      ? query
          .andWhere('t.revoked_at IS NULL')
          .andWhere(
            new Brackets((q) => q.where('t.expires_at IS NULL').orWhere('t.expires_at > :now', { now })),
          )
      : query.andWhere(
          new Brackets((q) => q.where('t.revoked_at IS NOT NULL').orWhere('t.expires_at <= :now', { now })),
        );
  }
}
