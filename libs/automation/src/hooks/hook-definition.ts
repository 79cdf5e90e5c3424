import { formatIssue, type InputIssue, inputIssues } from '@hub/common';
import { hookSchema } from '@hub/config';
import {
  Condition,
  ConditionError,
  type HookSource,
  type HubEvent,
  readCaseInsensitively,
} from '@hub/messages';

import { type CompileOptions, compileSteps } from '../steps/step-compiler';
import { StepError } from '../steps/step-context';
import { runSteps, type StepRuntime } from '../steps/step-runner';
import { WebhookProtection, webhookProtectionSchema } from '../webhooks/webhook-protection';
import type { Hook } from './hook';

/** Every problem in a hook / procedure / cron definition, by path inside it. */
export class DefinitionError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map((issue) => formatIssue(issue)).join('; '));
  }
}

/**
 * A hook as it is compiled, from config.yaml or `PUT /api/v1/hooks/:name`: config's hook shape
 * without `disabled`. Config drops disabled hooks before they get here; a run-time hook is
 * removed with DELETE rather than parked, so the API refuses the key.
 */
export const hookDefinitionSchema = hookSchema.omit({ disabled: true });

export const HOOK_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** Validates and compiles a declarative hook; throws DefinitionError listing every problem. */
export function compileHookDefinition(
  name: string,
  raw: unknown,
  source: HookSource,
  location: string,
  runtime: () => StepRuntime,
  options: CompileOptions = {},
): Hook {
  const parsed = hookDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DefinitionError(inputIssues(parsed.error));
  }
  const def = parsed.data;
  const issues: InputIssue[] = [];
  let condition: Condition | null = null;
  try {
    condition = Condition.compile(def.if);
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    issues.push({ path: ['if', ...err.path], message: err.message });
  }
  let steps: ReturnType<typeof compileSteps> | null = null;
  try {
    const keep = options.keepUnparsableText;
    steps = compileSteps(def.then, [], {
      ...(keep ? { keepUnparsableText: (path, message) => keep(['then', ...path], message) } : {}),
    });
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    issues.push({ path: ['then', ...err.path], message: err.message });
  }
  let webhook: WebhookProtection | null = null;
  if (def.webhook) {
    const protection = webhookProtectionSchema.safeParse(def.webhook);
    if (protection.success) webhook = new WebhookProtection(protection.data);
    else {
      for (const issue of inputIssues(protection.error))
        issues.push({ path: ['webhook', ...issue.path], message: issue.message });
    }
    if (condition && (condition.type !== 'WebhookEvent' || typeof condition.literals.hook !== 'string')) {
      issues.push({
        path: ['webhook'],
        message: "webhook: only for hooks with if: {type: WebhookEvent, hook: '<name>'}",
      });
    }
  }
  if (issues.length > 0 || !condition || !steps) throw new DefinitionError(issues);
  const compiled = steps;
  return {
    name,
    source,
    condition,
    priority: def.priority,
    webhook,
    actions: compiled.actions,
    location,
    run: async (event: HubEvent, answer) => {
      const headers = (event.args as { headers?: unknown }).headers;
      if (event.args.type === 'WebhookEvent' && headers && typeof headers === 'object')
        readCaseInsensitively(headers);
      await runSteps(compiled, runtime(), { event: event.args, answer });
    },
  };
}
