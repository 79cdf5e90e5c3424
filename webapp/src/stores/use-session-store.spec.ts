import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authHeaders, setCsrfToken } from '../api/credentials';
import { loginUrl, navigation, useSessionStore } from './use-session-store';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('useSessionStore', () => {
  let assigned: string[];
  beforeEach(() => {
    setActivePinia(createPinia());
    assigned = [];
    vi.spyOn(navigation, 'assign').mockImplementation((url) => void assigned.push(url));
    setCsrfToken(null);
  });
  afterEach(() => vi.restoreAllMocks());

  it('loads who is signed in and sends the CSRF token on writes only', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      answer(200, {
        user: { id: 1, username: 'ann', is_admin: true },
        auth_method: 'session',
        scopes: null,
        csrf_token: 'c1',
      }),
    );
    const session = useSessionStore();
    expect(await session.load()).toBe(true);
    expect(session.username).toBe('ann');
    expect(session.isAdmin).toBe(true);
    expect(authHeaders('POST')['x-csrf-token']).toBe('c1');
    expect(authHeaders('GET')['x-csrf-token']).toBeUndefined();
  });

  it('goes to /login with the current page and a reason when the hub answers 401', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () =>
      answer(401, { code: 401, error: 'unauthorized' }),
    );
    window.history.replaceState(null, '', '/ui/events?types=A');
    const session = useSessionStore();
    session.install();
    expect(await session.load()).toBe(false);
    expect(assigned).toEqual([`/login?redirect=${encodeURIComponent('/ui/events?types=A')}&reason=expired`]);
    // Once: later 401s (other requests in flight) do not navigate again.
    await session.load();
    expect(assigned).toHaveLength(1);
  });

  it('knows what a scoped token may run', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      answer(200, {
        user: { id: 2, username: 'tab', is_admin: false },
        auth_method: 'jwt',
        scopes: ['light.*', 'events:read'],
      }),
    );
    const session = useSessionStore();
    await session.load();
    expect(session.mayRun('light.on')).toBe(true);
    expect(session.mayRun('shell.exec')).toBe(false);
    expect(session.mayReadEvents()).toBe(true);
    expect(session.isAdmin).toBe(false);
  });

  it('builds a login URL that carries the page to come back to', () => {
    expect(loginUrl('expired', '/ui/files?m=a b')).toBe(
      '/login?redirect=%2Fui%2Ffiles%3Fm%3Da%20b&reason=expired',
    );
  });
});
