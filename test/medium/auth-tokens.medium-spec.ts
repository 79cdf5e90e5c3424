import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { AuthModule, type Revocation, Revocations, TokensService, UsersService } from '@hub/auth';

import { TokensRepository } from '../../libs/auth/src/tokens/tokens.repository';
import { type BootedLibModule, bootLibModule } from '../support/lib-module';

describe(TokensService.name, () => {
  let lib: BootedLibModule;
  let tokens: TokensService;
  let users: UsersService;
  beforeEach(async () => {
    lib = await bootLibModule({
      imports: [AuthModule],
      config: 'auth:\n  bcrypt_cost: 4\n  token_expiry_days: 30\n',
    });
    tokens = lib.get(TokensService);
    users = lib.get(UsersService);
    // The first user is always an administrator; the users below are ordinary ones.
    await users.create('root', 'a long password', true);
  });
  afterEach(() => lib.close());

  const issueFor = async (username: string, scopes: string[] | null = null) => {
    const user = await users.create(username, 'a long password', false);
    const tokenUser = { id: user.id, username: user.username, isAdmin: user.isAdmin };
    return { user: tokenUser, issued: await tokens.issueFor(null, { user: tokenUser, name: 't', scopes }) };
  };
  const deleteRow = (id: string) => lib.dataSource.query('DELETE FROM api_tokens WHERE id = ?', [id]);
  /** Runs `work` with Date.now() moved `ms` ahead. */
  const later = async (ms: number, work: () => Promise<void>) => {
    vi.useFakeTimers({ now: Date.now() + ms, toFake: ['Date'] });
    try {
      await work();
    } finally {
      vi.useRealTimers();
    }
  };

  describe('verify', () => {
    it('answers from the row cache, and reads the row again once the cache entry is 30 s old', async () => {
      const { issued } = await issueFor('ann');
      const reads = vi.spyOn(lib.get(TokensRepository), 'findById');
      const first = await tokens.verify(issued.token);
      expect(first).toMatchObject({ method: 'jwt', tokenId: issued.id, user: { username: 'ann' } });
      expect(await tokens.verify(issued.token)).toEqual(first);
      expect(reads).toHaveBeenCalledTimes(1);
      // Gone from the table behind the service's back: the cached row still answers ...
      await deleteRow(issued.id);
      expect(await tokens.verify(issued.token)).toEqual(first);
      // ... until the entry is re-read (how a revoke on another instance lands without Redis).
      await later(31_000, () => expect(tokens.verify(issued.token)).rejects.toThrow('Unknown token'));
    });

    it('refuses a token signed with another key, and an unsigned one', async () => {
      const { issued } = await issueFor('bob');
      const [header, payload] = issued.token.split('.');
      await expect(tokens.verify(`${header}.${payload}.${'A'.repeat(43)}`)).rejects.toThrow('Invalid token');
      const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      await expect(tokens.verify(`${none}.${payload}.`)).rejects.toThrow('Invalid token');
    });

    it('refuses an expired token on every request, even once its signature is cached', async () => {
      const { user } = await issueFor('cy');
      const issued = await tokens.issueFor(null, { user, name: 'short', expiryDays: 1 });
      await tokens.verify(issued.token);
      await later(2 * 86_400_000, () => expect(tokens.verify(issued.token)).rejects.toThrow('Token expired'));
    });
  });

  describe('revoke', () => {
    it('takes effect on the next request, though the row was cached, and tells the listeners', async () => {
      const { user, issued } = await issueFor('dee');
      const heard: Revocation[] = [];
      lib.get(Revocations).subscribe((r) => void heard.push(r));
      await tokens.verify(issued.token);

      const owner = { method: 'jwt' as const, user, tokenId: issued.id, scopes: null };
      const view = await tokens.revoke(owner, issued.id);

      expect(view).toMatchObject({ id: issued.id, revoked_at: expect.any(String) });
      await expect(tokens.verify(issued.token)).rejects.toThrow('Token revoked');
      expect(heard).toEqual([{ tokenId: issued.id, userId: user.id }]);
      const [row] = await lib.dataSource.query<{ revoked_at: unknown }[]>(
        'SELECT revoked_at FROM api_tokens WHERE id = ?',
        [issued.id],
      );
      expect(row?.revoked_at).not.toBeNull();
    });

    it("ends a deleted user's tokens at once, though their rows were cached", async () => {
      const { issued } = await issueFor('eve');
      await tokens.verify(issued.token);
      await users.delete('eve');
      await expect(tokens.verify(issued.token)).rejects.toThrow('Unknown token');
    });

    it("does not let another user revoke someone's token (404, as if it did not exist)", async () => {
      const { issued } = await issueFor('fay');
      const other = await users.create('gus', 'a long password', false);
      const stranger = {
        method: 'jwt' as const,
        user: { id: other.id, username: 'gus', isAdmin: false },
        scopes: null,
      };
      await expect(tokens.revoke(stranger, issued.id)).rejects.toThrow(`No token '${issued.id}'`);
      await expect(tokens.verify(issued.token)).resolves.toMatchObject({ tokenId: issued.id });
    });
  });

  describe('issueFor', () => {
    it("inherits the caller's scopes and refuses wider ones", async () => {
      const { user } = await issueFor('hal');
      const narrow = await tokens.issueFor(['light.*'], { user, name: 'n' });
      expect((await tokens.verify(narrow.token)).scopes).toEqual(['light.*']);
      const narrower = await tokens.issueFor(['light.*'], { user, name: 'o', scopes: ['light.on'] });
      expect((await tokens.verify(narrower.token)).scopes).toEqual(['light.on']);
      await expect(tokens.issueFor(['light.*'], { user, name: 'w', scopes: ['shell.*'] })).rejects.toThrow(
        'A scoped token cannot grant: shell.*',
      );
      await expect(tokens.issueFor(['light.*'], { user, name: 'all', scopes: null })).rejects.toThrow(
        'A scoped token cannot grant: *',
      );
    });

    it('gives a token the configured expiry unless asked otherwise (null: never)', async () => {
      const { user } = await issueFor('ida');
      const byDefault = await tokens.issueFor(null, { user, name: 'd' });
      const days = (Date.parse(byDefault.expires_at ?? '') - Date.now()) / 86_400_000;
      expect(Math.round(days)).toBe(lib.config.auth.token_expiry_days);
      expect((await tokens.issueFor(null, { user, name: 'n', expiryDays: null })).expires_at).toBeNull();
    });
  });
});
