import { Inject, Injectable } from '@nestjs/common';

import {
  type ActionPermissions,
  type ActionRole,
  hasAdminRole,
  type Identity,
  scopeAllowsAction,
} from '@hub/auth';
import { HubError } from '@hub/common';
import { HUB_CONFIG, type HubConfig } from '@hub/config';

import { PluginRegistry } from './plugin-registry';

/**
 * Who may run which action, for every entry point (`/execute`, `/cmd`, socket.io `execute`, and
 * routes declared with `@RequireAction()`): a token's scopes narrow it, and an action that needs
 * the administrator role is refused to other users unless `auth.user_actions` grants it.
 * Hooks, crons and procedures' own steps run as the owner and are not checked here: only
 * administrators can create hooks, and a procedure that calls an admin action is itself one.
 */
@Injectable()
export class ActionAccess implements ActionPermissions {
  private readonly userGrants: readonly string[];

  constructor(
    @Inject(PluginRegistry) private readonly registry: PluginRegistry,
    @Inject(HUB_CONFIG) config: HubConfig,
  ) {
    this.userGrants = config.auth.user_actions;
  }

  assertAllowed(identity: Identity, action: string): void {
    this.assertScope(identity, action);
    this.assertRole(identity, action);
  }

  /** Scopes first: a scoped token learns nothing about actions outside its scopes. */
  assertScope(identity: Identity, action: string): void {
    if (!scopeAllowsAction(identity.scopes, action)) {
      throw HubError.forbidden(`This token is not allowed to run '${action}'`);
    }
  }

  assertRole(identity: Identity, action: string): void {
    if (hasAdminRole(identity) || this.roleOf(action) === 'user') return;
    if (scopeAllowsAction(this.userGrants as string[], action)) return;
    throw HubError.forbidden(
      `'${action}' is for administrators (auth.user_actions in config.yaml can open it to users)`,
    );
  }

  /**
   * The declared role, or for a procedure the strictest role of what it calls (an unknown or
   * recursive call counts as admin: it cannot be shown to be harmless).
   */
  roleOf(action: string, visiting: Set<string> = new Set()): ActionRole {
    const found = this.registry.get(action);
    if (!found) return 'admin';
    if (found.role) return found.role;
    if (!found.calls || visiting.has(action)) return 'admin';
    visiting.add(action);
    const role = found.calls.every((call) => this.roleOf(call, visiting) === 'user') ? 'user' : 'admin';
    visiting.delete(action);
    return role;
  }
}
