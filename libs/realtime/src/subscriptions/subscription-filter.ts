import { HubError } from '@hub/common';
import { Condition, ConditionError } from '@hub/messages';

/** Whether an event's `args` (type + fields) satisfy a filter. */
export type EventPredicate = (args: Record<string, unknown>) => boolean;

/**
 * A `subscribe` filter is a hook condition (docs/automation.md): compiled once by the same code
 * that matches hooks, so a filter behaves exactly like the `if:` of a hook.
 */
export function compileFilter(filter: unknown): EventPredicate {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw HubError.badRequest('filter: expected an object');
  }
  try {
    const condition = Condition.compile(filter as Record<string, unknown>);
    return (args) => condition.match(args) !== null;
  } catch (err) {
    if (err instanceof ConditionError)
      throw HubError.badRequest(`filter.${err.path.join('.')}: ${err.message}`);
    throw err;
  }
}
