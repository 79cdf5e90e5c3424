import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { forgetToken, setCsrfToken } from '../api/credentials';
import { request, setUnauthorizedHandler } from '../api/http';

export interface WhoAmI {
  user: { id: number; username: string; is_admin: boolean } | null;
  auth_method: 'jwt' | 'global_token' | 'session' | 'basic';
  scopes: string[] | null;
  csrf_token?: string;
}

/** Why the panel sent the person to /login (the login page shows a matching message). */
export type SignedOutReason = 'expired' | 'logged-out';

/** Where a browser goes: replaced in unit tests. */
export const navigation = {
  assign(url: string): void {
    window.location.assign(url);
  },
};

/** The current path, for `?redirect=` (same-site only: the server checks it again). */
function currentPath(): string {
  const { pathname, search, hash } = window.location;
  return `${pathname}${search}${hash}`;
}

export function loginUrl(reason: SignedOutReason, path = currentPath()): string {
  return `/login?redirect=${encodeURIComponent(path)}&reason=${reason}`;
}

/** Who is signed in, their CSRF token, and the way out (logout, or the session ending). */
export const useSessionStore = defineStore('session', () => {
  const me = ref<WhoAmI | null>(null);
  const leaving = ref(false);

  const username = computed(() => me.value?.user?.username ?? (me.value ? 'owner (global token)' : ''));
  const isAdmin = computed(
    () => me.value?.auth_method === 'global_token' || me.value?.user?.is_admin === true,
  );

  /** Whether the identity may run `action` (scoped tokens; null scopes: everything). */
  function mayRun(action: string): boolean {
    const scopes = me.value?.scopes;
    if (!scopes) return true;
    return scopes.some(
      (s) => s === '*' || s === action || (s.endsWith('.*') && action.startsWith(s.slice(0, -1))),
    );
  }

  function mayReadEvents(): boolean {
    const scopes = me.value?.scopes;
    return !scopes || scopes.includes('*') || scopes.includes('events:read');
  }

  /** The session or token stopped working: go to the login page, once. */
  function signedOut(reason: SignedOutReason): void {
    if (leaving.value) return;
    leaving.value = true;
    forgetToken();
    setCsrfToken(null);
    navigation.assign(loginUrl(reason));
  }

  /** Loads `GET /auth`; false (and on the way to /login) when the credentials no longer work. */
  async function load(): Promise<boolean> {
    const result = await request<WhoAmI>('/auth');
    if (!result.ok) {
      // A 401 already triggered signedOut through the handler.
      return false;
    }
    me.value = result.body;
    setCsrfToken(result.body.csrf_token ?? null);
    return true;
  }

  /** Checks the credentials again after the socket was refused (revoked token, logged-out session). */
  async function recheck(): Promise<void> {
    if (!leaving.value) await load();
  }

  async function logout(): Promise<void> {
    // First: the hub drops this session's socket at once, and that must not look like an expiry.
    leaving.value = true;
    await request('/logout', { method: 'POST' });
    forgetToken();
    setCsrfToken(null);
    navigation.assign('/login?reason=logged-out');
  }

  function install(): void {
    setUnauthorizedHandler(() => signedOut('expired'));
  }

  return { me, username, isAdmin, mayRun, mayReadEvents, load, recheck, logout, install, signedOut };
});
