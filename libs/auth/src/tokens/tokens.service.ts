import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { JwtPayload } from 'jsonwebtoken';

import { createLogger, ErrorCode, HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';
import type { ApiTokenEntity } from '@hub/database';

import type { Identity } from '../identity';
import { Revocations } from '../revocations';
import { SerialQueue } from '../serial-queue';
import { TablePruner } from '../table-pruner';
import { UsersRepository } from '../users/users.repository';
import { isAdminIdentity } from '../users/users.service';
import { type TokenView, tokenView } from './token.view';
import { grantedScopes } from './token-scopes';
import { TokensRepository } from './tokens.repository';

const log = createLogger('Tokens');
const DAY_MS = 24 * 60 * 60 * 1000;
/** `last_used_at` is written at most this often per token, off the request path. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
/**
 * Cached rows are re-read after this long, so a revoke on another instance lands too. In a
 * cluster revocations also arrive through Redis at once; the 1 s re-read keeps "refused
 * everywhere within 1 s" true while Redis is down.
 */
const CACHE_TTL_MS = 30_000;
const CLUSTER_CACHE_TTL_MS = 1000;
/** Tokens whose signature has been checked, kept so a client's next request skips the HMAC. */
const VERIFIED_CACHE_SIZE = 10_000;

type TokenUser = NonNullable<Identity['user']>;

interface CachedToken {
  row: ApiTokenEntity | null;
  user: TokenUser | null;
  loadedAt: number;
  lastUsedAt: Date | null;
  lastWrittenAt: number;
}

export interface IssueTokenInput {
  user: TokenUser | null;
  name: string;
  /** Null: never expires. */
  expiryDays: number | null;
  scopes: string[] | null;
}

/** What a caller asks for: absent `expiryDays` is `auth.token_expiry_days`, absent `scopes` the caller's own. */
export type GrantInput = Omit<IssueTokenInput, 'expiryDays' | 'scopes'> &
  Partial<Pick<IssueTokenInput, 'expiryDays' | 'scopes'>>;

export interface IssuedToken {
  token: string;
  id: string;
  name: string;
  expires_at: string | null;
}

/**
 * API tokens: HS256 JWTs whose `jti` is an `api_tokens` row, signed and verified by JwtService
 * (AuthModule gives it the key as a KeyObject, see jwt-options.ts). Verification needs no database
 * round trip: rows are cached and the cache entry is dropped the moment a token is revoked.
 */
@Injectable()
export class TokensService implements OnModuleInit, OnApplicationShutdown {
  /** "How many does this user hold?" then "insert" must not interleave (the cap would leak). */
  private readonly issues = new SerialQueue();
  private readonly pruner = new TablePruner('api_tokens', () => this.prune());
  private readonly cacheTtlMs: number;
  private readonly cache = new Map<string, CachedToken>();
  /**
   * JWT string → its verified payload. The same string always verifies the same way, so the
   * signature check (12% of the CPU of an /execute call) runs once per token; expiry is still
   * checked on every request below, and revocation through the row cache.
   */
  private readonly verified = new Map<string, JwtPayload>();

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(TokensRepository) private readonly repo: TokensRepository,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(Revocations) private readonly revocations: Revocations,
    @Inject(JwtService) private readonly jwt: JwtService,
  ) {
    this.cacheTtlMs = config.redis ? CLUSTER_CACHE_TTL_MS : CACHE_TTL_MS;
    revocations.subscribe(({ tokenId, userId }) => {
      if (tokenId) this.cache.delete(tokenId);
      if (userId !== undefined && !tokenId) {
        for (const [id, entry] of this.cache) if (entry.user?.id === userId) this.cache.delete(id);
      }
    });
  }

  async onModuleInit(): Promise<void> {
    await this.pruner.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.pruner.stop();
  }

  /**
   * 409 once the user (or, for `user: null`, the global token) holds `auth.tokens.max_per_user`
   * live tokens; revoked and expired ones beyond that many are deleted, oldest first.
   */
  issue(input: IssueTokenInput): Promise<IssuedToken> {
    return this.issues.run(async () => {
      const { max_per_user } = this.config.auth.tokens;
      const now = Date.now();
      const owner = input.user?.id ?? null;
      const live = await this.repo.countLive(owner, now);
      if (live >= max_per_user) {
        throw new HubError(
          ErrorCode.Conflict,
          `${input.user ? `User '${input.user.username}'` : 'The global token'} already holds ${live} ` +
            `live API tokens (auth.tokens.max_per_user: ${max_per_user}); revoke some first (DELETE /tokens/:id)`,
        );
      }
      const issued = await this.insert(input);
      await this.repo.deleteEndedBeyond(owner, now, max_per_user);
      return issued;
    });
  }

  /** Revoked and expired tokens older than `auth.tokens.retention_days` (by when they ended). */
  async prune(now = Date.now()): Promise<void> {
    const cutoff = now - this.config.auth.tokens.retention_days * DAY_MS;
    await this.repo.deleteEndedBefore(cutoff);
  }

  private async insert(input: IssueTokenInput): Promise<IssuedToken> {
    const id = randomUUID();
    const createdAt = new Date();
    const expiresAt =
      input.expiryDays === null ? null : new Date(createdAt.getTime() + input.expiryDays * DAY_MS);
    await this.repo.insert({
      id,
      name: input.name,
      userId: input.user?.id ?? null,
      scopes: input.scopes,
      createdAt,
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    const payload: JwtPayload = { iat: Math.floor(createdAt.getTime() / 1000) };
    if (expiresAt) payload.exp = Math.floor(expiresAt.getTime() / 1000);
    const token = this.jwt.sign(payload, {
      jwtid: id,
      ...(input.user ? { subject: input.user.username } : {}),
    });
    log.info({ id, name: input.name, user: input.user?.username ?? null }, 'API token issued');
    return { token, id, name: input.name, expires_at: expiresAt?.toISOString() ?? null };
  }

  /**
   * A token asked for by a caller holding `callerScopes` (null: unrestricted). It is never wider
   * than those: a scoped caller asking for more gets 403 (grantedScopes).
   */
  async issueFor(callerScopes: string[] | null, input: GrantInput): Promise<IssuedToken> {
    return this.issue({
      ...input,
      expiryDays: input.expiryDays === undefined ? this.config.auth.token_expiry_days : input.expiryDays,
      scopes: grantedScopes(callerScopes, input.scopes),
    });
  }

  /** Whether a string has the shape of a JWT (so it is not mistaken for the global token). */
  looksLikeJwt(value: string): boolean {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
  }

  /** The identity behind a JWT; 401 for expired, revoked, tampered, `alg: none` or foreign tokens. */
  async verify(token: string): Promise<Identity> {
    const payload = this.verified.get(token) ?? this.verifySignature(token);
    // jsonwebtoken's rule: expired from the second `exp` names.
    if (typeof payload.exp === 'number' && Math.floor(Date.now() / 1000) >= payload.exp) {
      throw HubError.unauthorized('Token expired');
    }
    if (typeof payload.jti !== 'string') throw HubError.unauthorized('Invalid token');
    const entry = await this.lookup(payload.jti);
    const row = entry.row;
    if (!row) throw HubError.unauthorized('Unknown token');
    if (row.revokedAt) throw HubError.unauthorized('Token revoked');
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw HubError.unauthorized('Token expired');
    if (row.userId !== null && !entry.user) throw HubError.unauthorized('Unknown token');
    this.touch(row.id, entry);
    return { method: 'jwt', user: entry.user, tokenId: row.id, scopes: row.scopes };
  }

  private verifySignature(token: string): JwtPayload {
    let payload: JwtPayload;
    try {
      payload = this.jwt.verify<JwtPayload>(token);
    } catch (err) {
      const expired = (err as Error | undefined)?.name === 'TokenExpiredError';
      throw HubError.unauthorized(expired ? 'Token expired' : 'Invalid token');
    }
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.clear();
    this.verified.set(token, payload);
    return payload;
  }

  /** Own tokens; administrators (and the global token) see everyone's. */
  async list(actor: Identity): Promise<TokenView[]> {
    const rows = await this.repo.list(isAdminIdentity(actor) ? undefined : (actor.user?.id ?? -1));
    const users = await this.users.usernames();
    return rows.map((row) =>
      tokenView(
        row,
        row.userId === null ? null : (users.get(row.userId) ?? null),
        this.cache.get(row.id)?.lastUsedAt ?? null,
      ),
    );
  }

  /** Takes effect immediately on this instance, and on the others as soon as Redis tells them. */
  async revoke(actor: Identity, id: string): Promise<TokenView> {
    const row = await this.repo.findById(id);
    const mayRevoke =
      row && (isAdminIdentity(actor) || (row.userId !== null && row.userId === actor.user?.id));
    if (!row || !mayRevoke) throw HubError.notFound(`No token '${id}'`);
    if (!row.revokedAt) {
      row.revokedAt = new Date();
      await this.repo.markRevoked(id, row.revokedAt);
      log.info({ id, by: actor.user?.username ?? actor.method }, 'API token revoked');
    }
    this.cache.delete(id);
    this.revocations.notify({ tokenId: id, userId: row.userId ?? undefined });
    const user = row.userId === null ? null : await this.users.findById(row.userId);
    return tokenView(row, user?.username ?? null, null);
  }

  private async lookup(id: string): Promise<CachedToken> {
    const now = Date.now();
    const cached = this.cache.get(id);
    if (cached && now - cached.loadedAt < this.cacheTtlMs) return cached;
    const row = await this.repo.findById(id);
    const user = row?.userId != null ? await this.users.findById(row.userId) : null;
    const entry: CachedToken = {
      row,
      user: user ? { id: user.id, username: user.username, isAdmin: user.isAdmin } : null,
      loadedAt: now,
      lastUsedAt: cached?.lastUsedAt ?? row?.lastUsedAt ?? null,
      lastWrittenAt: cached?.lastWrittenAt ?? 0,
    };
    this.cache.set(id, entry);
    return entry;
  }

  private touch(id: string, entry: CachedToken): void {
    const now = Date.now();
    entry.lastUsedAt = new Date(now);
    if (now - entry.lastWrittenAt < LAST_USED_WRITE_INTERVAL_MS) return;
    entry.lastWrittenAt = now;
    setImmediate(() => {
      this.repo
        .recordUse(id, new Date(now))
        .catch((err: unknown) => log.warn({ err, id }, 'could not record token use'));
    });
  }
}
