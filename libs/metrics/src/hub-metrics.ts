import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

import { BoundedLabel, OTHER_LABEL } from './bounded-label';
import { CounterFamily, HistogramFamily } from './metric-families';

/** How an action call ended (`hub_actions_total{outcome}`): a fixed set, whatever the error. */
export type ActionOutcome = 'success' | 'bad_request' | 'forbidden' | 'not_found' | 'timeout' | 'failed';
export type HookRunOutcome = 'success' | 'failed';

/** Route label of requests that matched no route (404s): never the raw URL. */
export const UNMATCHED_ROUTE = '(unmatched)';
/** Action label of calls to an action that does not exist. */
export const UNKNOWN_ACTION = '(unknown)';

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const ACTION_BUCKETS = [...SECONDS_BUCKETS, 30, 60];
/**
 * Caps on distinct label values. Route patterns, action ids and hook names are bounded by the
 * code and config already; these caps hold even if something (a script registering actions in a
 * loop, a client inventing event types) is not.
 */
const MAX_ROUTES = 500;
const MAX_ACTIONS = 1000;
const MAX_EVENT_TYPES = 200;
const MAX_HOOKS = 1000;

export interface HubMetricsOptions {
  /** Off: every record call is a no-op and nothing is exported (`metrics.enabled: false`). */
  enabled: boolean;
}

/**
 * The hub's Prometheus metrics (api.md §9), one registry per hub so that several hubs in one
 * process (tests) do not share counters. The hub_* counters and histograms are our own light
 * families (metric-families.ts): `/execute` records a request and an action on every call.
 */
export class HubMetrics {
  readonly enabled: boolean;
  readonly registry = new Registry();

  private readonly httpRequests = new CounterFamily(
    'hub_http_requests_total',
    'HTTP requests answered, by method, route pattern and status',
    ['method', 'route', 'status'],
  );
  private readonly httpDuration = new HistogramFamily(
    'hub_http_request_duration_seconds',
    'HTTP request duration in seconds, by method and route pattern',
    ['method', 'route'],
    SECONDS_BUCKETS,
  );
  private readonly actions = new CounterFamily(
    'hub_actions_total',
    'Action calls (HTTP, socket.io, hooks, procedures, crons), by action and outcome',
    ['action', 'outcome'],
  );
  private readonly actionDuration = new HistogramFamily(
    'hub_action_duration_seconds',
    'Action run time in seconds, by action',
    ['action'],
    ACTION_BUCKETS,
  );
  private readonly events = new CounterFamily('hub_events_total', 'Events posted on the bus, by type', [
    'type',
  ]);
  private readonly hookRuns = new CounterFamily(
    'hub_hook_runs_total',
    'Hook runs, by hook name and outcome',
    ['hook', 'outcome'],
  );
  private readonly loginFailures = new CounterFamily(
    'hub_login_failures_total',
    'Failed logins (POST /login, POST /auth, Basic auth)',
  );

  private readonly routes = new BoundedLabel(MAX_ROUTES);
  private readonly actionNames = new BoundedLabel(MAX_ACTIONS);
  private readonly eventTypes = new BoundedLabel(MAX_EVENT_TYPES);
  private readonly hookNames = new BoundedLabel(MAX_HOOKS);
  private socketClients: () => number = () => 0;
  private feedClients: () => number = () => 0;

  constructor(options: HubMetricsOptions) {
    this.enabled = options.enabled;
    if (!this.enabled) return;
    for (const family of [
      this.httpRequests,
      this.httpDuration,
      this.actions,
      this.actionDuration,
      this.events,
      this.hookRuns,
      this.loginFailures,
    ]) {
      // prom-client renders any object with name, help, type and get() (what its own metrics are).
      this.registry.registerMetric(family as never);
    }
    collectDefaultMetrics({ register: this.registry });
    // prom-client calls collect() with the gauge as `this`: read through closures instead.
    const socketClients = () => this.socketClients();
    const feedClients = () => this.feedClients();
    new Gauge({
      name: 'hub_socket_clients',
      help: 'Connected socket.io clients',
      registers: [this.registry],
      collect() {
        this.set(socketClients());
      },
    });
    new Gauge({
      name: 'hub_feed_clients',
      help: 'Open HTTP streams: SSE / NDJSON event feeds and process output streams',
      registers: [this.registry],
      collect() {
        this.set(feedClients());
      },
    });
  }

  /** Where the live-connection gauges read their values at scrape time. */
  countClientsWith(sources: { socket: () => number; feed: () => number }): void {
    this.socketClients = sources.socket;
    this.feedClients = sources.feed;
  }

  /** `route` is the matched route pattern (`/hook/:name`), or undefined when none matched. */
  httpRequestDone(method: string, route: string | undefined, status: number, seconds: number): void {
    if (!this.enabled) return;
    const m = HTTP_METHODS.has(method) ? method : OTHER_LABEL;
    const r = route === undefined ? UNMATCHED_ROUTE : this.routes.value(route);
    this.httpRequests.child(m, r, String(status)).inc();
    this.httpDuration.child(m, r).observe(seconds);
  }

  /** `action` must be a registered action id, or UNKNOWN_ACTION. */
  actionDone(action: string, outcome: ActionOutcome, seconds: number): void {
    if (!this.enabled) return;
    const name = this.actionNames.value(action);
    this.actions.child(name, outcome).inc();
    this.actionDuration.child(name).observe(seconds);
  }

  eventPosted(type: string): void {
    if (this.enabled) this.events.child(this.eventTypes.value(type)).inc();
  }

  hookRan(hook: string, outcome: HookRunOutcome): void {
    if (this.enabled) this.hookRuns.child(this.hookNames.value(hook), outcome).inc();
  }

  loginFailed(): void {
    if (this.enabled) this.loginFailures.child().inc();
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
