import type { ActionRole, Identity } from '@hub/auth';

/** One action to run: what `/execute`, `/cmd`, hooks, procedures, crons and socket.io all send. */
export interface ActionCall {
  /** `plugin.action`, e.g. `variable.set` or `procedure.cool_down`. */
  action: string;
  args?: Record<string, unknown>;
  /** May only lower the action's own timeout. */
  timeoutSeconds?: number;
}

/** Who is asking. Hooks, procedures and crons run as the owner (`internal: true`, no scope check). */
export interface CallerContext {
  identity?: Identity | null;
  internal?: boolean;
}

/**
 * Runs actions. Errors are HubErrors: NotFound (`Unknown action 'x.y'`), BadRequest (args failed
 * the schema; `details` lists each field by path), Forbidden (outside the token's scopes),
 * ActionFailed (the action threw: message only), Timeout (`Action 'x.y' timed out after N s`).
 */
export interface ActionDispatcher {
  execute(call: ActionCall, caller: CallerContext): Promise<unknown>;
  has(action: string): boolean;
  /**
   * Adds actions that are not plugin methods (procedures, script-defined actions). Returns the
   * function that removes them again (used when a script is reloaded).
   */
  registerDynamic(action: string, definition: DynamicAction): () => void;
}

export interface DynamicAction {
  doc?: string;
  /** Default 30 s. */
  timeoutSeconds?: number;
  /**
   * The actions it runs when known (a YAML procedure's steps): it is open to users when all of
   * them are. Unknown (script code): administrators only, unless `role` says otherwise.
   */
  calls?: string[];
  role?: ActionRole;
  run(args: Record<string, unknown>, caller: CallerContext): Promise<unknown>;
}

export const ACTION_DISPATCHER = Symbol('ACTION_DISPATCHER');
