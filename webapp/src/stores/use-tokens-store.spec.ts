import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useTokensStore } from './use-tokens-store';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('useTokensStore.create', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.restoreAllMocks());

  it('asks POST /auth for a named token, leaving scopes out when none were given', async () => {
    const bodies: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      if (String(input) === '/auth') {
        bodies.push(JSON.parse(String(init?.body)));
        return answer(200, { token: 'a.b.c', id: 't1', name: 'n', expires_at: null });
      }
      return answer(200, []);
    });
    const store = useTokensStore();
    const outcome = await store.create({ name: 'n', expiryDays: null, scopes: [] });
    await store.create({ name: 'm', expiryDays: 7, scopes: ['light.*'] });
    expect(outcome).toMatchObject({ ok: true, body: { token: 'a.b.c' } });
    expect(bodies).toEqual([
      { name: 'n', expiry_days: null },
      { name: 'm', expiry_days: 7, scopes: ['light.*'] },
    ]);
  });

  it('returns the field a 400 names', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      answer(400, { code: 400, error: 'bad_request', message: 'scopes.0: scopes are action patterns' }),
    );
    const outcome = await useTokensStore().create({ name: 'n', expiryDays: 1, scopes: ['a/b'] });
    expect(outcome.ok).toBe(false);
    expect(outcome.fields).toEqual({ scopes: 'scopes are action patterns' });
  });
});
