import type { Logger } from 'pino';

import { readProperty } from '@hub/messages';

import { Scope } from '../expressions/scope';
import type { CompiledSteps } from './step-compiler';

/** What steps run against: the dispatcher (as the owner) and the configured constants. */
export interface StepRuntime {
  run(action: string, args: Record<string, unknown>): Promise<unknown>;
  constants: Readonly<Record<string, unknown>>;
  log: Logger;
}

export interface RunOptions {
  /** The triggering event's fields (`args`), visible as variables and as `event`. */
  event?: Record<string, unknown>;
  /** Procedure arguments, visible as variables. */
  args?: Record<string, unknown>;
  answer?(value: unknown): void;
}

/**
 * Runs compiled steps; resolves with the `return` value, else the output of the last action.
 * Lookup order: variables (`set`, loop, args) → `output` → the output's keys → event fields →
 * `event`, `constants`.
 */
export async function runSteps(
  steps: CompiledSteps,
  runtime: StepRuntime,
  options: RunOptions = {},
): Promise<unknown> {
  const base = new Scope(null, { constants: runtime.constants, event: options.event ?? {} });
  const eventScope = base.child(options.event ?? null);
  const outputKeys: { current: Record<string, unknown> | null } = { current: null };
  const outputScope = new OutputScope(eventScope, outputKeys);
  const scope = outputScope.child(options.args ?? null);
  scope.define('output', null);
  let last: unknown = undefined;
  const flow = await steps.run({
    scope,
    run: runtime.run,
    answer: options.answer,
    log: runtime.log,
    setOutput: (value) => {
      last = value;
      scope.assign('output', value);
      outputKeys.current =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : null;
    },
  });
  return flow?.kind === 'return' ? flow.value : last;
}

/** A scope layer that follows the latest `output` (platypush exposes its keys as variables). */
class OutputScope extends Scope {
  constructor(
    private readonly outer: Scope,
    private readonly output: { current: Record<string, unknown> | null },
  ) {
    super(outer);
  }

  override has(name: string): boolean {
    return readProperty(this.output.current, name) !== undefined || this.outer.has(name);
  }

  override get(name: string): unknown {
    const value = readProperty(this.output.current, name);
    return value !== undefined ? value : this.outer.get(name);
  }
}
