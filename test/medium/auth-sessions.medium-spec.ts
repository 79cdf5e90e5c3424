import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AuthModule, type Revocation, Revocations, UsersService } from '@hub/auth';

import { SessionsRepository } from '../../libs/auth/src/sessions/sessions.repository';
import { SessionsService } from '../../libs/auth/src/sessions/sessions.service';
import { type BootedLibModule, bootLibModule } from '../support/lib-module';

describe(SessionsService.name, () => {
  let lib: BootedLibModule;
  let sessions: SessionsService;
  let repo: SessionsRepository;
  let userId: number;
  beforeEach(async () => {
    lib = await bootLibModule({
      imports: [AuthModule],
      config: 'auth:\n  bcrypt_cost: 4\n  session_days: 2\n',
    });
    sessions = lib.get(SessionsService);
    repo = lib.get(SessionsRepository);
    userId = (await lib.get(UsersService).create('ann', 'a long password', true)).id;
  });
  afterEach(() => lib.close());

  /** Moves a session's expiry to `ms` from now. */
  const expireIn = (id: string, ms: number) =>
    lib.dataSource.query('UPDATE sessions SET expires_at = ? WHERE id = ?', [Date.now() + ms, id]);

  describe('resolve', () => {
    it('finds a live session by its cookie value, which is never stored', async () => {
      const created = await sessions.create(userId);
      const resolved = await sessions.resolve(created.token);
      expect(resolved).toMatchObject({ session: { id: created.id }, user: { username: 'ann' } });
      expect(resolved?.session.tokenHash).not.toBe(created.token);
      expect(created.expiresAt.getTime() - Date.now()).toBeGreaterThan(2 * 86_400_000 - 60_000);
    });

    it('answers null for an expired session and deletes its row', async () => {
      const created = await sessions.create(userId);
      await expireIn(created.id, -1000);
      expect(await sessions.resolve(created.token)).toBeNull();
      expect(await repo.findById(created.id)).toBeNull();
    });

    it('answers null for a token it never issued', async () => {
      await sessions.create(userId);
      expect(await sessions.resolve('not-a-session')).toBeNull();
      expect(await sessions.resolve('x'.repeat(300))).toBeNull();
    });
  });

  describe('purgeExpired', () => {
    it('removes expired sessions only', async () => {
      const old = await sessions.create(userId);
      const live = await sessions.create(userId);
      await expireIn(old.id, -1000);
      await sessions.purgeExpired();
      expect(await repo.findById(old.id)).toBeNull();
      expect(await repo.findById(live.id)).not.toBeNull();
    });
  });

  describe('deleteAllOf', () => {
    it('ends every other session of the user and tells the listeners about each', async () => {
      const heard: Revocation[] = [];
      lib.get(Revocations).subscribe((r) => void heard.push(r));
      const keep = await sessions.create(userId);
      const a = await sessions.create(userId);
      const b = await sessions.create(userId);
      await sessions.deleteAllOf(userId, keep.id);
      expect(await sessions.resolve(keep.token)).not.toBeNull();
      expect(await sessions.resolve(a.token)).toBeNull();
      expect(await sessions.resolve(b.token)).toBeNull();
      expect(heard.map((r) => r.sessionId).sort()).toEqual([a.id, b.id].sort());
    });
  });
});
