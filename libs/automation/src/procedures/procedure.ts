import type { HookSource } from '@hub/messages';

import type { CompiledSteps } from '../steps/step-compiler';
import { runSteps, type StepRuntime } from '../steps/step-runner';

/** A procedure, callable as the action `procedure.<name>`. */
export interface Procedure {
  name: string;
  source: Exclude<HookSource, 'api'>;
  params: string[];
  actions: string[];
  location: string;
  run(args: Record<string, unknown>): Promise<unknown>;
}

/** A YAML procedure: its steps run with the arguments as variables (missing params are null). */
export function yamlProcedure(
  name: string,
  params: string[],
  steps: CompiledSteps,
  location: string,
  runtime: () => StepRuntime,
): Procedure {
  return {
    name,
    source: 'config',
    params,
    actions: steps.actions,
    location,
    run: (args) => {
      const scopeArgs: Record<string, unknown> = Object.fromEntries(params.map((p) => [p, null]));
      return runSteps(steps, runtime(), { args: { ...scopeArgs, ...args } });
    },
  };
}
