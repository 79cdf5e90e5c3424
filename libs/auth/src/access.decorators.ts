import { createParamDecorator, type ExecutionContext, SetMetadata, type Type } from '@nestjs/common';

import type { Identity, PublicRoutePolicy } from './identity';

/**
 * Access levels. Every route is `authenticated` unless it says otherwise; the route-access
 * snapshot test lists them all so that a change is visible in review.
 */
export enum Access {
  Public = 'public',
  Authenticated = 'authenticated',
  Admin = 'admin',
}

export const ACCESS_KEY = 'hub:access';
export const HTML_ROUTE_KEY = 'hub:html-route';
export const REQUIRED_SCOPE_KEY = 'hub:required-scope';
export const REQUIRED_ACTION_KEY = 'hub:required-action';
export const UNSCOPED_KEY = 'hub:unscoped';
export const PUBLIC_WHEN_KEY = 'hub:public-when';
export const SAME_SITE_KEY = 'hub:same-site';
export const ADMIN_OR_SCOPE_KEY = 'hub:admin-or-scope';

/** What `@PublicWhen()` stores: the policy provider, and the words the route snapshot shows. */
export interface PublicWhen {
  policy: Type<PublicRoutePolicy>;
  label: string;
}

/** No credentials needed. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, Access.Public);
/** Only administrators. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, Access.Admin);
/** A page for people: unauthenticated visitors are redirected to /login or /register instead of 401. */
export const HtmlRoute = (): MethodDecorator & ClassDecorator => SetMetadata(HTML_ROUTE_KEY, true);
/** A scoped token must carry this scope (e.g. `events:read`). */
export const RequireScope = (scope: string): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPE_KEY, scope);

/**
 * The route does what `action` does (`/data` posts like `event.post`, stdin writes like
 * `shell.write`): the caller needs that action's scope and role, checked by the guard.
 */
export const RequireAction = (action: string): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ACTION_KEY, action);
/**
 * Administrators, or a token that names `scope` itself (made for this one job, such as a
 * Prometheus scraper's `metrics:read`). Other scoped tokens need the scope too; a session, a full
 * token or a `*` token of a non-admin is refused.
 */
export const AdminOrScope = (scope: string): MethodDecorator & ClassDecorator =>
  SetMetadata(ADMIN_OR_SCOPE_KEY, scope);
/** A scoped token is refused: the route acts with the owner's full rights (e.g. creating hooks). */
export const RequireUnscoped = (): MethodDecorator & ClassDecorator => SetMetadata(UNSCOPED_KEY, true);
/**
 * Public when `policy` says so for this request (a `public: true` mount), otherwise exactly like
 * an authenticated route. The policy is a provider the guard resolves; `label` is for the snapshot.
 */
export const PublicWhen = (
  policy: Type<PublicRoutePolicy>,
  label: string,
): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_WHEN_KEY, { policy, label } satisfies PublicWhen);

/**
 * Browsers may only call it from the hub's own pages (or a listed CORS origin): for routes that
 * change who is logged in, where there is no session yet for a CSRF check to protect.
 */
export const SameSiteOnly = (): MethodDecorator & ClassDecorator => SetMetadata(SAME_SITE_KEY, true);

/** The caller's identity (undefined on public routes without credentials). */
export const CurrentIdentity = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Identity | undefined =>
    ctx.switchToHttp().getRequest<{ identity?: Identity }>().identity,
);
