import type { ApiTokenEntity } from '@hub/database';

/** A token as `GET /tokens` shows it: never the JWT itself. */
export interface TokenView {
  id: string;
  name: string;
  user: string | null;
  scopes: string[] | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function tokenView(row: ApiTokenEntity, username: string | null, lastUsedAt: Date | null): TokenView {
  return {
    id: row.id,
    name: row.name,
    user: username,
    scopes: row.scopes,
    created_at: row.createdAt.toISOString(),
    expires_at: iso(row.expiresAt),
    last_used_at: iso(lastUsedAt ?? row.lastUsedAt),
    revoked_at: iso(row.revokedAt),
  };
}
