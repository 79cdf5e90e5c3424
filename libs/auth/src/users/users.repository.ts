import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';

import { UserEntity } from '@hub/database';

/** The `users` table: the only code that reads or writes it (UsersService keeps the rules). */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get repo(): Repository<UserEntity> {
    return this.dataSource.getRepository(UserEntity);
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  countAdmins(): Promise<number> {
    return this.repo.countBy({ isAdmin: true });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ username });
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  list(): Promise<UserEntity[]> {
    return this.repo.find({ order: { id: 'ASC' } });
  }

  /** id → username of every user (for listings that name owners). */
  async usernames(): Promise<Map<number, string>> {
    return new Map((await this.repo.find()).map((u) => [u.id, u.username]));
  }

  /** Inserts a user; a taken username surfaces as the driver's unique-constraint error. */
  async insert(fields: Omit<UserEntity, 'id'>): Promise<UserEntity> {
    const user = this.repo.create(fields);
    const result = await this.repo.insert(user);
    user.id = Number((result.identifiers[0] as { id: number }).id);
    return user;
  }

  async updatePasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.repo.update({ id }, { passwordHash });
  }

  /** Deletes the user; their sessions and tokens go with them (foreign-key cascade). */
  async delete(id: number): Promise<void> {
    await this.repo.delete({ id });
  }
}

/** Whether a write failed on a unique constraint (SQLite and PostgreSQL word it differently). */
export function isUniqueViolation(err: unknown): boolean {
  return /unique|duplicate/i.test(String((err as Error | undefined)?.message));
}
