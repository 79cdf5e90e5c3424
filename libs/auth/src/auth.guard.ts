import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, HubError, RedirectSignal } from '@hub/common';
import type { FastifyRequest } from 'fastify';
import { Access, ACCESS_KEY, HTML_ROUTE_KEY, REQUIRED_SCOPE_KEY } from './access.decorators';
import { AuthService } from './auth.service';
import { extractCredentials } from './credentials';
import { assertCsrf } from './csrf';
import { scopeAllows, type Identity } from './identity';
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

/** Deny by default: runs on every route; `@Public()` opts out. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // socket.io authenticates at connect time
    const targets = [context.getHandler(), context.getClass()];
    const access =
      this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets) ?? Access.Authenticated;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credentials = extractCredentials(request);
    const hasCredentials = Object.keys(credentials).length > 1;

    if (access === Access.Public) {
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
      if (this.reflector.getAllAndOverride<boolean>(HTML_ROUTE_KEY, targets) && err instanceof HubError) {
        throw this.redirectToLogin(err, request);
      }
      throw err;
    }
    request.identity = identity;
    request.csrfToken = identity.csrfToken;

    if (identity.viaCookie && UNSAFE_METHODS.has(request.method)) assertCsrf(request);
    if (access === Access.Admin && !isAdminIdentity(identity)) {
      throw HubError.forbidden('Administrator rights required');
    }
    const scope = this.reflector.getAllAndOverride<string | undefined>(REQUIRED_SCOPE_KEY, targets);
    if (scope && !scopeAllows(identity.scopes, scope))
      throw HubError.forbidden(`This token lacks the '${scope}' scope`);
    return true;
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
