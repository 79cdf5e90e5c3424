import { performance } from 'node:perf_hooks';

import { Inject, Injectable, Optional } from '@nestjs/common';
import type { z } from 'zod';

import {
  createLogger,
  databaseUnavailableError,
  ErrorCode,
  HubError,
  isHubError,
  parseInput,
} from '@hub/common';
import { type ActionOutcome, HubMetrics, UNKNOWN_ACTION } from '@hub/metrics';

import { ActionAccess } from './action-access';
import type { ActionCall, ActionDispatcher, CallerContext, DynamicAction } from './action-dispatcher';
import { LazyAbort } from './lazy-abort';
import { PluginRegistry, type RegisteredAction } from './plugin-registry';

const SUCCESS = Object.freeze({ success: true });

/** platypush's argument names to ours (`file` → `path`), unless ours is given too. */
function renameArgs(args: Record<string, unknown>, aliases: Record<string, string> | undefined) {
  if (!aliases) return args;
  let renamed: Record<string, unknown> | null = null;
  for (const [theirs, ours] of Object.entries(aliases)) {
    if (!Object.hasOwn(args, theirs) || Object.hasOwn(args, ours)) continue;
    renamed ??= { ...args };
    renamed[ours] = renamed[theirs];
    delete renamed[theirs];
  }
  return renamed ?? args;
}

/**
 * Runs `plugin.action` calls for every entry point (HTTP, socket.io, hooks, procedures, crons):
 * scope check → lookup → role check → argument validation → run under a timeout.
 */
@Injectable()
export class PluginDispatcher implements ActionDispatcher {
  private readonly log = createLogger('Dispatcher');

  constructor(
    @Inject(PluginRegistry) private readonly registry: PluginRegistry,
    @Inject(ActionAccess) private readonly access: ActionAccess,
    @Optional() @Inject(HubMetrics) private readonly metrics: HubMetrics | null = null,
  ) {}

  has(action: string): boolean {
    return this.registry.get(action)?.enabled === true;
  }

  registerDynamic(action: string, definition: DynamicAction): () => void {
    return this.registry.addDynamic(action, definition);
  }

  execute(call: ActionCall, caller: CallerContext): Promise<unknown> {
    const metrics = this.metrics;
    if (!metrics?.enabled) return this.dispatch(call, caller);
    const started = performance.now();
    // Only registered ids become labels: a client asking for made-up actions adds no series.
    const label = () =>
      this.registry.get(call.action) ? this.registry.canonical(call.action) : UNKNOWN_ACTION;
    return this.dispatch(call, caller).then(
      (output) => {
        metrics.actionDone(label(), 'success', (performance.now() - started) / 1000);
        return output;
      },
      (err: unknown) => {
        metrics.actionDone(label(), actionOutcome(err), (performance.now() - started) / 1000);
        throw err;
      },
    );
  }

  private async dispatch(call: ActionCall, caller: CallerContext): Promise<unknown> {
    // Aliases are resolved first, so scopes and roles are checked against the action's own name.
    const id = this.registry.canonical(call.action);
    const identity = caller.internal ? null : caller.identity;
    if (!caller.internal) {
      if (!identity) throw HubError.forbidden(`Not allowed to run '${id}'`);
      this.access.assertScope(identity, id);
    }
    const action = this.registry.get(id);
    if (!action) throw HubError.notFound(`Unknown action '${id}'`);
    if (!action.enabled) {
      throw HubError.notFound(
        `Unknown action '${id}': plugin '${action.plugin}' is disabled (enable it in config.yaml)`,
      );
    }
    if (identity) this.access.assertRole(identity, id);
    const given = renameArgs(call.args ?? {}, action.argAliases);
    const args = action.args ? this.validate(action, action.args, given) : given;
    const seconds =
      call.timeoutSeconds !== undefined && call.timeoutSeconds > 0
        ? Math.min(call.timeoutSeconds, action.timeoutSeconds)
        : action.timeoutSeconds;
    const output = await this.runWithTimeout(action, args, seconds, caller);
    return output === undefined ? SUCCESS : output;
  }

  private validate(action: RegisteredAction, schema: z.ZodType, args: Record<string, unknown>) {
    return parseInput(schema, args, {
      rootLabel: '(args)',
      prefix: `Invalid arguments for '${action.id}': `,
    }) as Record<string, unknown>;
  }

  private runWithTimeout(
    action: RegisteredAction,
    args: Record<string, unknown>,
    seconds: number,
    caller: CallerContext,
  ): Promise<unknown> {
    const abort = new LazyAbort();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        abort.abort();
        reject(
          new HubError(
            ErrorCode.Timeout,
            `Action '${action.id}' timed out after ${formatSeconds(seconds)} s`,
          ),
        );
      }, seconds * 1000);
      // Wrapped so that an action throwing synchronously is handled like one rejecting.
      Promise.resolve()
        .then(() => action.run(args, abort, caller))
        .then(
          (output) => {
            clearTimeout(timer);
            resolve(output);
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(this.asActionError(action, err));
          },
        );
    });
  }

  /** HubErrors thrown on purpose keep their status; anything else is a 502 with its message only. */
  private asActionError(action: RegisteredAction, err: unknown): HubError {
    if (isHubError(err)) return err;
    const unavailable = databaseUnavailableError(err);
    if (unavailable) return unavailable;
    const message = err instanceof Error ? err.message : String(err);
    this.log.warn({ err, action: action.id }, 'action failed');
    return new HubError(ErrorCode.ActionFailed, message || `Action '${action.id}' failed`, { cause: err });
  }
}

function actionOutcome(err: unknown): ActionOutcome {
  switch (isHubError(err) ? err.code : null) {
    case ErrorCode.BadRequest:
      return 'bad_request';
    case ErrorCode.Forbidden:
    case ErrorCode.Unauthorized:
      return 'forbidden';
    case ErrorCode.NotFound:
      return 'not_found';
    case ErrorCode.Timeout:
      return 'timeout';
    default:
      return 'failed';
  }
}

function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(3).replace(/0+$/, '');
}
