import type { Logger } from 'pino';

import type { Scope } from '../expressions/scope';

/** What running steps needs from the outside world (the dispatcher, the webhook caller, a log). */
export interface StepContext {
  scope: Scope;
  /** Runs an action as the owner (`internal: true`); resolves with its output. */
  run(action: string, args: Record<string, unknown>): Promise<unknown>;
  /** The webhook caller's answer (`response:` steps); absent outside hooks. */
  answer?(value: unknown): void;
  /** `output` of the previous action: also its keys are visible as variables. */
  setOutput(value: unknown): void;
  log: Logger;
}

/** How a statement ended: normally, or by `break` / `continue` / `return`. */
export type Flow = undefined | { kind: 'break' } | { kind: 'continue' } | { kind: 'return'; value: unknown };

export type Statement = (ctx: StepContext) => Promise<Flow>;

export class StepError extends Error {
  constructor(
    readonly path: Array<string | number>,
    message: string,
  ) {
    super(message);
  }
}
