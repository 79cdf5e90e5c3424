import { ConfigError, type ConfigIssue, type HubConfig } from '@hub/config';
import type { ActionStatus } from '@hub/plugins';

import type { CronJob } from './crons/cron-job';
import { cronExpressionProblem, cronReadingWarning, timezoneProblem } from './crons/cron-spec';
import type { Hook } from './hooks/hook';
import { compileHookDefinition, DefinitionError } from './hooks/hook-definition';
import { type Procedure, yamlProcedure } from './procedures/procedure';
import { compileSteps } from './steps/step-compiler';
import { StepError } from './steps/step-context';
import { runSteps, type StepRuntime } from './steps/step-runner';

export interface CompiledAutomation {
  hooks: Hook[];
  procedures: Procedure[];
  crons: CronJob[];
  issues: ConfigIssue[];
  /** Non-fatal findings, one line each (a 6-field cron expression other tools read differently). */
  warnings: string[];
}

type Automation = HubConfig['automation'];
type Locate = HubConfig['locate'];

/**
 * Compiles the hooks, procedures and crons of config.yaml. Problems come back as ConfigIssues
 * with `config.yaml:LINE`, so they can be reported before anything starts.
 */
export function compileAutomationConfig(
  automation: Automation,
  locate: Locate,
  runtime: () => StepRuntime,
  actionStatus?: (action: string) => ActionStatus,
): CompiledAutomation {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const report = (key: string, path: Array<string | number>, message: string, fallback: string) => {
    const at = [key, ...path];
    const where = locate(at);
    issues.push({ path: at.join('.'), at, message, location: where.includes(':') ? where : fallback });
  };
  // platypush sends a `${...}` that does not parse as the text it is; so does the hub, said once.
  const keptAsText = (key: string, fallback: string, prefix: Array<string | number> = []) => ({
    keepUnparsableText: (path: Array<string | number>, message: string) => {
      const at = [key, ...prefix, ...path];
      const where = locate(at);
      warnings.push(
        `${at.join('.')} (${where.includes(':') ? where : fallback}): ${message}; kept as text, as platypush does (fix the expression to have it evaluated)`,
      );
    },
  });

  const hooks: Hook[] = [];
  for (const hook of Object.values(automation.hooks)) {
    const key = `event.hook.${hook.name}`;
    try {
      const raw = {
        if: hook.if,
        then: hook.then,
        priority: hook.priority,
        ...(hook.webhook ? { webhook: hook.webhook } : {}),
      };
      hooks.push(
        compileHookDefinition(
          hook.name,
          raw,
          'config',
          hook.location,
          runtime,
          keptAsText(key, hook.location),
        ),
      );
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      for (const issue of err.issues) report(key, issue.path, issue.message, hook.location);
    }
  }

  const procedures: Procedure[] = [];
  for (const proc of Object.values(automation.procedures)) {
    const key = proc.key;
    try {
      const steps = compileSteps(proc.steps, [], keptAsText(key, proc.location));
      procedures.push(yamlProcedure(proc.name, proc.params, steps, proc.location, runtime));
    } catch (err) {
      if (!(err instanceof StepError)) throw err;
      report(key, err.path, err.message, proc.location);
    }
  }

  const zoneProblem = timezoneProblem(automation.timezone);
  if (zoneProblem) report('automation', ['timezone'], zoneProblem, locate(['automation']));
  const crons: CronJob[] = [];
  for (const cron of Object.values(automation.crons)) {
    if (!cron.enabled) continue;
    const key = `cron.${cron.name}`;
    const problem = zoneProblem ? null : cronExpressionProblem(cron.cron_expression, automation.timezone);
    if (problem) report(key, ['cron_expression'], problem, cron.location);
    const ambiguity = problem ? null : cronReadingWarning(cron.cron_expression, automation.timezone);
    if (ambiguity) warnings.push(`${key}.cron_expression (${cron.location}): ${ambiguity}`);
    try {
      const steps = compileSteps(cron.actions, [], keptAsText(key, cron.location, ['actions']));
      if (!problem) {
        crons.push({
          name: cron.name,
          source: 'config',
          expression: cron.cron_expression,
          actions: steps.actions,
          location: cron.location,
          run: () => runSteps(steps, runtime(), { event: { type: 'CronEvent', cron: cron.name } }),
        });
      }
    } catch (err) {
      if (!(err instanceof StepError)) throw err;
      report(key, ['actions', ...err.path], err.message, cron.location);
    }
  }
  if (actionStatus) {
    const named = [
      ...hooks.map((h) => [`event.hook.${h.name}`, h.location, h.actions] as const),
      ...procedures.map(
        (p) => [automation.procedures[p.name]?.key ?? p.name, p.location, p.actions] as const,
      ),
      ...crons.map((c) => [`cron.${c.name}`, c.location, c.actions] as const),
    ];
    for (const [key, location, actions] of named) {
      const warning = unknownActionsWarning(key, location, actions, actionStatus);
      if (warning) warnings.push(warning);
    }
  }
  return { hooks, procedures, crons, issues, warnings };
}

/** One line naming the actions a definition calls that will not run here, or null. */
function unknownActionsWarning(
  key: string,
  location: string,
  actions: readonly string[],
  actionStatus: (action: string) => ActionStatus,
): string | null {
  const unknown = [...new Set(actions)].filter((a) => actionStatus(a) === 'unknown');
  const disabled = [...new Set(actions)].filter((a) => actionStatus(a) === 'disabled');
  const parts = [
    ...(unknown.length > 0 ? [`unknown action${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`] : []),
    ...(disabled.length > 0 ? [`${disabled.join(', ')} of a disabled plugin`] : []),
  ];
  return parts.length > 0
    ? `${key} (${location}): ${parts.join('; ')} (such a step fails when it runs)`
    : null;
}

/**
 * Validates the automation part of the config; throws ConfigError with every problem and its
 * line, else returns the warnings. Called before the hub touches the database.
 */
export function assertAutomationConfig(
  config: Pick<HubConfig, 'automation' | 'locate'>,
  actionStatus?: (action: string) => ActionStatus,
): string[] {
  const { issues, warnings } = compileAutomationConfig(
    config.automation,
    config.locate,
    () => {
      throw new Error('validation only');
    },
    actionStatus,
  );
  if (issues.length > 0) throw new ConfigError(issues);
  return warnings;
}
