import { request } from '../../api/http';
import type { DashboardIssue, DashboardNode } from '../../../../libs/dashboards/src/model';

export interface Checked {
  tree: DashboardNode | null;
  errors: DashboardIssue[];
}

export type SaveResult =
  | { kind: 'saved'; etag: string; errors: DashboardIssue[] }
  | { kind: 'refused'; errors: DashboardIssue[]; message: string }
  | { kind: 'conflict'; etag: string | null }
  | { kind: 'failed'; message: string };

export async function loadXml(name: string): Promise<{ xml: string; etag: string } | null> {
  const res = await request<{ xml: string; etag: string }>(`/api/v1/dashboards/${encodeURIComponent(name)}`);
  return res.ok ? res.body : null;
}

export async function validateXml(xml: string): Promise<Checked> {
  const res = await request<Checked & { message?: string }>('/api/v1/dashboards/validate', { body: { xml } });
  if (res.ok) return res.body;
  return { tree: null, errors: [{ message: res.body?.message ?? `HTTP ${res.status}`, line: 1, column: 1 }] };
}

/** PUT with If-Match (the ETag the editor loaded), or without one for a new dashboard. */
export async function saveXml(name: string, xml: string, etag: string | null): Promise<SaveResult> {
  const res = await request<{ etag?: string; errors?: DashboardIssue[]; message?: string }>(
    `/api/v1/dashboards/${encodeURIComponent(name)}`,
    { method: 'PUT', body: { xml }, headers: etag ? { 'if-match': etag } : {} },
  );
  if (res.ok) return { kind: 'saved', etag: res.body.etag ?? '', errors: res.body.errors ?? [] };
  if (res.status === 412) return { kind: 'conflict', etag: res.body?.etag ?? null };
  if (res.status === 400 && res.body?.errors) {
    return { kind: 'refused', errors: res.body.errors, message: res.body.message ?? 'Refused' };
  }
  return { kind: 'failed', message: res.body?.message ?? `HTTP ${res.status}` };
}
