/**
 * The automation endpoints' answers (`/api/v1/hooks`, api.md §3), types only: the backend builds
 * them (`automation-graph.ts`, the hooks controller) and the webapp reads them, from this one
 * declaration. Re-exported by `wire.ts`, so it stays free of runtime code like it (wire.spec.ts).
 */

/** Where a hook, procedure or cron was defined: config.yaml, a user script, or `PUT /api/v1/hooks/:name`. */
export type HookSource = 'config' | 'script' | 'api';

/** A node of `GET /api/v1/hooks`. */
export interface GraphNode {
  /** `hook:NAME`, `procedure:NAME`, `cron:NAME`, `event:TYPE`. */
  id: string;
  kind: 'hook' | 'procedure' | 'cron' | 'event';
  name: string;
  source?: HookSource;
  location?: string;
  priority?: number;
  condition?: Record<string, unknown> | null;
  webhook?: string | null;
  actions?: string[];
  params?: string[];
  cron_expression?: string;
  next_run?: string | null;
}

/** An edge of the graph: an event type or a caller, to what it runs, with the actions involved. */
export interface GraphConnection {
  from: string;
  to: string;
  actions: string[];
}

/** How loading one user script went, and what it registered. */
export interface ScriptStatus {
  file: string;
  status: 'loaded' | 'failed';
  error?: string;
  loaded_at: string;
  hooks: string[];
  procedures: string[];
  crons: string[];
}

/** `GET /api/v1/hooks`: event types and crons → hooks → actions, plus script load status. */
export interface AutomationGraph {
  nodes: GraphNode[];
  connections: GraphConnection[];
  scripts: ScriptStatus[];
}

/** One hook that `POST /api/v1/hooks/match` says would fire, and why. */
export interface MatchedHook {
  name: string;
  source: HookSource;
  priority: number;
  reason: string;
}
