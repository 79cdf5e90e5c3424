import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';

import { ErrorCode, HubError, RedirectSignal } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';

import {
  Access,
  ACCESS_KEY,
  ADMIN_OR_SCOPE_KEY,
  HTML_ROUTE_KEY,
  PUBLIC_WHEN_KEY,
  type PublicWhen,
  REQUIRED_ACTION_KEY,
  REQUIRED_SCOPE_KEY,
  SAME_SITE_KEY,
  UNSCOPED_KEY,
} from './access.decorators';
import { AuthService } from './auth.service';
import { extractCredentials } from './credentials';
import { assertCsrf, assertNotCrossSite } from './csrf';
import {
  ACTION_PERMISSIONS,
  type ActionPermissions,
  hasAdminRole,
  type Identity,
  scopeAllows,
} from './identity';
import { isAdminIdentity } from './users/users.service';

export type AuthenticatedRequest = FastifyRequest & {
  identity?: Identity;
  csrfToken?: string;
  /**
   * On `@Public()` routes: why the offered credentials were refused (401, 412, 429 ...). The
   * guard lets the request through; a route that needs an identity after all (a private mount)
   * rethrows this rather than authenticating again, which would count a password twice.
   */
  authError?: Error;
};

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Everything a route declares about its access, read once per route (not once per request). */
interface RoutePolicy {
  access: Access;
  sameSite: boolean;
  publicWhen: PublicWhen | undefined;
  htmlRoute: boolean;
  scope: string | undefined;
  unscoped: boolean;
  action: string | undefined;
  adminOrScope: string | undefined;
}

/**
 * Deny by default: runs on every route; `@Public()` opts out. Everything a route requires is
 * declared on it (access level, scope, action, unscoped, public-when) and enforced here, so the
 * route-access snapshot shows each route's real permissions.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private actionPermissions: ActionPermissions | undefined;
  /** By route handler: the reflect-metadata reads cost more than the rest of the check. */
  private readonly policies = new WeakMap<object, RoutePolicy>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // socket.io authenticates at connect time
    const policy = this.policyOf(context);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = extractCredentials(request);
    const hasCredentials = Object.keys(credentials).length > 1;
    if (policy.sameSite) assertNotCrossSite(request, this.config.http.cors.origins);

    const { access, publicWhen } = policy;
    if (access === Access.Public || (publicWhen && this.isPublic(publicWhen, request))) {
      // Public routes still learn who is calling when credentials are offered, but never fail on them.
      if (hasCredentials) {
        request.identity = await this.auth.authenticate(credentials).catch((err: unknown) => {
          request.authError = err instanceof Error ? err : new Error(String(err));
          return undefined;
        });
        request.csrfToken = request.identity?.csrfToken;
      }
      return true;
    }

    let identity: Identity;
    try {
      identity = await this.auth.authenticate(credentials);
    } catch (err) {
      if (policy.htmlRoute && err instanceof HubError) throw this.redirectToLogin(err, request);
      throw err;
    }
    request.identity = identity;
    request.csrfToken = identity.csrfToken;

    if (identity.viaCookie && UNSAFE_METHODS.has(request.method)) assertCsrf(request);
    if (access === Access.Admin && !isAdminIdentity(identity)) {
      throw HubError.forbidden('Administrator rights required');
    }
    const { scope } = policy;
    if (scope && !scopeAllows(identity.scopes, scope))
      throw HubError.forbidden(`This token lacks the '${scope}' scope`);
    if (policy.unscoped && identity.scopes !== null) {
      throw HubError.forbidden('This needs an unrestricted (unscoped) credential, not a scoped token');
    }
    if (policy.action) this.permissions().assertAllowed(identity, policy.action);
    const named = policy.adminOrScope;
    if (named) {
      if (!scopeAllows(identity.scopes, named))
        throw HubError.forbidden(`This token lacks the '${named}' scope`);
      if (!identity.scopes?.includes(named) && !hasAdminRole(identity)) {
        throw HubError.forbidden(`Administrator rights or a token with the '${named}' scope required`);
      }
    }
    return true;
  }

  private policyOf(context: ExecutionContext): RoutePolicy {
    const handler = context.getHandler();
    let policy = this.policies.get(handler);
    if (!policy) {
      const targets = [handler, context.getClass()];
      const read = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key, targets);
      policy = {
        access: read<Access>(ACCESS_KEY) ?? Access.Authenticated,
        sameSite: read<boolean>(SAME_SITE_KEY) === true,
        publicWhen: read<PublicWhen>(PUBLIC_WHEN_KEY),
        htmlRoute: read<boolean>(HTML_ROUTE_KEY) === true,
        scope: read<string>(REQUIRED_SCOPE_KEY),
        unscoped: read<boolean>(UNSCOPED_KEY) === true,
        action: read<string>(REQUIRED_ACTION_KEY),
        adminOrScope: read<string>(ADMIN_OR_SCOPE_KEY),
      };
      this.policies.set(handler, policy);
    }
    return policy;
  }

  private isPublic(when: PublicWhen, request: FastifyRequest): boolean {
    return this.moduleRef.get(when.policy, { strict: false }).isPublic(request);
  }

  /** Resolved on first use: the plugins lib provides it, and is wired after this one. */
  private permissions(): ActionPermissions {
    this.actionPermissions ??= this.moduleRef.get<ActionPermissions>(ACTION_PERMISSIONS, { strict: false });
    return this.actionPermissions;
  }

  /** Only ever a same-site path: the original URL is passed as `redirect`, never an absolute URL. */
  private redirectToLogin(err: HubError, request: FastifyRequest): RedirectSignal {
    if (err.code === ErrorCode.RegistrationRequired) return new RedirectSignal('/register');
    // A token in the query string must not travel on into the login page's URL.
    const url = new URL(request.url, 'http://hub.invalid');
    url.searchParams.delete('token');
    const path = `${url.pathname}${url.search}`;
    return new RedirectSignal(`/login?redirect=${encodeURIComponent(path)}`);
  }
}
