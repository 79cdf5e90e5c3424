import { compileAutomationConfig, HookIndex } from '@hub/automation';
import { ConfigError, type HubConfig } from '@hub/config';
import { normaliseEventType } from '@hub/messages';

import { CliError } from '../cli-error';

/**
 * The event's fields: either a whole event (`{"type": "event", "args": {...}}`) or just its
 * args (`{"type": "WebhookEvent", "hook": "lights"}`), the way hooks see them.
 */
function eventArgs(json: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new CliError(`the event is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError('the event must be a JSON object, e.g. \'{"type": "WebhookEvent", "hook": "x"}\'');
  }
  const record = parsed as Record<string, unknown>;
  const args = record.type === 'event' && typeof record.args === 'object' ? record.args : record;
  const fields = { ...(args as Record<string, unknown>) };
  if (typeof fields.type !== 'string') throw new CliError('the event needs a "type" (e.g. "WebhookEvent")');
  fields.type = normaliseEventType(fields.type);
  return fields;
}

export interface HookMatch {
  name: string;
  priority: number;
  location: string;
}

/**
 * The config.yaml hooks that would run for this event, in the order the hub starts them, found
 * by the hub's own index and condition matcher. Hooks from scripts/ and the run-time hooks API
 * are not loaded here (the CLI does not run user code).
 */
export function matchingHooks(config: HubConfig, json: string): HookMatch[] {
  const fields = eventArgs(json);
  const compiled = compileAutomationConfig(config.automation, config.locate, () => {
    throw new Error('the CLI does not run hooks');
  });
  if (compiled.issues.length > 0) throw new ConfigError(compiled.issues);
  const index = new HookIndex();
  for (const hook of compiled.hooks) index.add(hook);
  return index
    .candidates(String(fields.type))
    .filter((hook) => hook.condition.match(fields) !== null)
    .map((hook) => ({ name: hook.name, priority: hook.priority, location: hook.location }));
}

export function hooksMatch(config: HubConfig, json: string | undefined): string {
  if (json === undefined)
    throw new CliError('hooks match needs an event, e.g. \'{"type": "WebhookEvent", "hook": "x"}\'');
  const matches = matchingHooks(config, json);
  if (matches.length === 0) throw new CliError('no hook matches this event');
  return matches.map((m) => `${m.name}  priority ${m.priority}  ${m.location}\n`).join('');
}
