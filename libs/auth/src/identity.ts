/** Who made a request, and how. Attached to the request by the auth guard. */
export interface Identity {
  method: 'jwt' | 'global_token' | 'session' | 'basic';
  /** Null for the global token (it stands for the owner, not a user). */
  user: { id: number; username: string; isAdmin: boolean } | null;
  /** The API token row id, for `jwt`. */
  tokenId?: string;
  /** The session row id, for `session`. */
  sessionId?: string;
  /** Action patterns (`light.*`, `variable.get`) and `events:read`; null: everything. */
  scopes: string[] | null;
  /** True when the credential came from the cookie alone (CSRF applies to unsafe methods). */
  viaCookie?: boolean;
  /** The session's CSRF token, for `session` (what `X-CSRF-Token` must carry). */
  csrfToken?: string;
}

/** Everything a client may have sent to prove who it is, from HTTP or the socket.io handshake. */
export interface Credentials {
  bearer?: string;
  queryToken?: string;
  xToken?: string;
  sessionCookie?: string;
  sessionHeader?: string;
  basic?: { username: string; password: string };
  /** Client address, for rate limiting and the audit log. */
  address: string;
}

export const READ_EVENTS_SCOPE = 'events:read';

/** Whether `scopes` allow running `action` (`light.*` matches `light.on`; null allows all). */
export function scopeAllowsAction(scopes: string[] | null, action: string): boolean {
  if (scopes === null) return true;
  return scopes.some(
    (scope) =>
      scope === action || scope === '*' || (scope.endsWith('.*') && action.startsWith(scope.slice(0, -1))),
  );
}

export function scopeAllows(scopes: string[] | null, scope: string): boolean {
  return scopes === null || scopes.includes(scope) || scopes.includes('*');
}

/**
 * The administrator role, whatever the credential's scopes: the global token, or an admin user.
 * Scopes narrow what a credential may do; the role says what its owner may do at all.
 */
export function hasAdminRole(identity: Identity): boolean {
  return identity.method === 'global_token' || identity.user?.isAdmin === true;
}

/** Who may run an action: everyone signed in (`user`), or administrators only (`admin`). */
export type ActionRole = 'user' | 'admin';

/**
 * Decides whether an identity may run an action (its scopes, then its role). Provided by the
 * plugins lib, which knows each action's role; the guard uses it for `@RequireAction()` routes.
 */
export interface ActionPermissions {
  /** Throws a 403 HubError when `identity` may not run `action`. */
  assertAllowed(identity: Identity, action: string): void;
}

export const ACTION_PERMISSIONS = Symbol('ACTION_PERMISSIONS');

/** Decides at request time whether a `@PublicWhen()` route needs credentials (e.g. a public mount). */
export interface PublicRoutePolicy {
  isPublic(request: { url: string }): boolean;
}
