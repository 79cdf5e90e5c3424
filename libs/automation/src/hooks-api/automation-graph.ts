import type { AutomationGraph, GraphConnection, GraphNode, ScriptStatus } from '@hub/messages';

import type { CronJob } from '../crons/cron-job';
import { type Hook, webhookNameOf } from '../hooks/hook';
import type { Procedure } from '../procedures/procedure';

/** `GET /api/v1/hooks`: event types and crons → hooks → actions (procedures link onwards). */
export function buildGraph(
  hooks: Hook[],
  procedures: Procedure[],
  crons: Array<CronJob & { nextRun: Date | null }>,
  scripts: ScriptStatus[],
): AutomationGraph {
  const nodes: GraphNode[] = [];
  const connections: GraphConnection[] = [];
  const eventTypes = new Set<string>();
  for (const hook of [...hooks].sort((a, b) => a.name.localeCompare(b.name))) {
    const type = hook.condition.type ?? '*';
    eventTypes.add(type);
    nodes.push({
      id: `hook:${hook.name}`,
      kind: 'hook',
      name: hook.name,
      source: hook.source,
      location: hook.location,
      priority: hook.priority,
      condition: { type, ...hook.condition.literals },
      webhook: webhookNameOf(hook),
      actions: hook.actions,
    });
    connections.push({ from: `event:${type}`, to: `hook:${hook.name}`, actions: hook.actions });
  }
  for (const type of [...eventTypes].sort()) nodes.push({ id: `event:${type}`, kind: 'event', name: type });
  for (const procedure of procedures) {
    nodes.push({
      id: `procedure:${procedure.name}`,
      kind: 'procedure',
      name: procedure.name,
      source: procedure.source,
      location: procedure.location,
      params: procedure.params,
      actions: procedure.actions,
    });
  }
  for (const cron of crons) {
    nodes.push({
      id: `cron:${cron.name}`,
      kind: 'cron',
      name: cron.name,
      source: cron.source,
      location: cron.location,
      cron_expression: cron.expression,
      next_run: cron.nextRun?.toISOString() ?? null,
      actions: cron.actions,
    });
  }
  // Calls of procedures from hooks, procedures and crons, so the graph can be followed onwards.
  const ids = new Set(nodes.map((n) => n.id));
  for (const caller of nodes) {
    for (const action of new Set(caller.actions ?? [])) {
      const target = `procedure:${action.slice('procedure.'.length)}`;
      if (action.startsWith('procedure.') && ids.has(target))
        connections.push({ from: caller.id, to: target, actions: [action] });
    }
  }
  return { nodes, connections, scripts };
}
