import { request } from '../api/http';
import type { HubEvent, HubResponse } from '../api/wire';
import type { DashboardIssue, DashboardNode } from '../../../libs/dashboards/src/model';

/** What the dashboards page and its widgets ask the hub (the only place here that does). */

export interface DashboardView {
  name: string;
  xml: string;
  etag: string;
  tree: DashboardNode | null;
  errors: DashboardIssue[];
}

export async function fetchDashboard(
  name: string,
): Promise<{ status: number; view: DashboardView | null; message?: string }> {
  const res = await request<DashboardView & { message?: string }>(
    `/api/v1/dashboards/${encodeURIComponent(name)}`,
  );
  return res.ok
    ? { status: res.status, view: res.body }
    : { status: res.status, view: null, message: res.body?.message };
}

/** An action that failed; `missingPlugin` when the hub has no such plugin configured (404). */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly missingPlugin: string | null,
  ) {
    super(message);
  }
}

/** Runs an action through `POST /execute`; resolves with its output, rejects with ActionError. */
export async function runAction<T = unknown>(action: string, args: Record<string, unknown> = {}): Promise<T> {
  const res = await request<HubResponse>('/execute', { body: { type: 'request', action, args } });
  const errors = res.body?.response?.errors ?? [];
  if (res.ok && errors.length === 0) return res.body.response.output as T;
  const message = errors.length ? errors.join('; ') : `HTTP ${res.status}`;
  const plugin = action.slice(0, action.lastIndexOf('.'));
  throw new ActionError(message, res.status, res.status === 404 ? plugin : null);
}

/** The newest persisted events of some types, oldest first. */
export async function recentEvents(types: string[], limit: number): Promise<HubEvent[]> {
  const query = new URLSearchParams({ limit: String(limit), order: 'desc' });
  if (types.length) query.set('types', types.join(','));
  const res = await request<{ events: HubEvent[] }>(`/events/history?${query.toString()}`);
  if (!res.ok) throw new Error(`event history: HTTP ${res.status}`);
  return [...res.body.events].reverse();
}
