import type { Condition, HookSource, HubEvent } from '@hub/messages';

import type { WebhookProtection } from '../webhooks/webhook-protection';

/** A hook ready to run, whatever its source. */
export interface Hook {
  name: string;
  source: HookSource;
  condition: Condition;
  /** Higher runs first. */
  priority: number;
  /** Protection of `/hook/<name>` declared with this hook. */
  webhook: WebhookProtection | null;
  /** Action names it may call (for the automation graph). */
  actions: string[];
  /** `config.yaml:12`, `scripts/x.js`, or `api`. */
  location: string;
  /**
   * Runs the hook for a matching event. `answer` delivers a webhook response (the first answer
   * among all hooks wins); a script hook's non-undefined return value is its answer.
   */
  run(event: HubEvent, answer: (value: unknown) => void): Promise<void>;
}

/** The `hook` a condition names for `/hook/:name`, when it matches WebhookEvents. */
export function webhookNameOf(hook: Pick<Hook, 'condition'>): string | null {
  const { condition } = hook;
  if (condition.type !== 'WebhookEvent') return null;
  const name = condition.literals.hook;
  return typeof name === 'string' ? name : null;
}
