import { defineStore } from 'pinia';
import { ref } from 'vue';
import { request, requestOk } from '../api/http';
import { saveOutcome, type SaveOutcome } from './save-outcome';

/** A row of `GET /tokens` (never the token itself). */
export interface TokenRow {
  id: string;
  name: string;
  user: string | null;
  scopes: string[] | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** What `POST /auth` answers once: the only time the token is shown. */
export interface IssuedToken {
  token: string;
  id: string;
  name: string;
  expires_at: string | null;
}

export interface NewToken {
  name: string;
  /** Null: never expires. */
  expiryDays: number | null;
  /** Empty: the same rights as the person creating it. */
  scopes: string[];
}

/** API tokens: list, create (through `POST /auth` on the session), revoke. */
export const useTokensStore = defineStore('tokens', () => {
  const tokens = ref<TokenRow[]>([]);
  const loadError = ref<string | null>(null);

  async function load(): Promise<void> {
    try {
      tokens.value = await requestOk<TokenRow[]>('/tokens');
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
    }
  }

  async function create(input: NewToken): Promise<SaveOutcome<IssuedToken>> {
    const body: Record<string, unknown> = { name: input.name, expiry_days: input.expiryDays };
    if (input.scopes.length > 0) body.scopes = input.scopes;
    const res = await request<IssuedToken>('/auth', { body });
    if (res.ok) await load();
    return saveOutcome(res.status, res.ok, res.body);
  }

  async function revoke(id: string): Promise<SaveOutcome> {
    const res = await request(`/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (res.ok) await load();
    return saveOutcome(res.status, res.ok, res.body);
  }

  return { tokens, loadError, load, create, revoke };
});
