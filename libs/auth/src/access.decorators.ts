import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Identity } from './identity';

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

/** No credentials needed. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, Access.Public);
/** Only administrators. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, Access.Admin);
/** A page for people: unauthenticated visitors are redirected to /login or /register instead of 401. */
export const HtmlRoute = (): MethodDecorator & ClassDecorator => SetMetadata(HTML_ROUTE_KEY, true);
/** A scoped token must carry this scope (e.g. `events:read`). */
export const RequireScope = (scope: string): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_SCOPE_KEY, scope);

/** The caller's identity (undefined on public routes without credentials). */
export const CurrentIdentity = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Identity | undefined =>
    ctx.switchToHttp().getRequest<{ identity?: Identity }>().identity,
);
