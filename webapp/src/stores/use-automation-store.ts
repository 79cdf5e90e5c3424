import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { errorMessage, request, requestOk } from '../api/http';
import type { GraphNode, MatchedHook } from '../api/wire';

/** What the hub said about a save: ok, or the message and its details (one per problem). */
export interface SaveOutcome {
  ok: boolean;
  status: number;
  message?: string;
  details: string[];
}

function outcome(status: number, ok: boolean, body: unknown): SaveOutcome {
  const details = (body as { details?: unknown } | null)?.details;
  return {
    ok,
    status,
    message: ok ? undefined : (errorMessage(body) ?? `HTTP ${status}`),
    details: Array.isArray(details) ? details.map(String) : [],
  };
}

/** Hooks, procedures and crons; the dry run; run-time hooks made and removed through the API. */
export const useAutomationStore = defineStore('automation', () => {
  const nodes = ref<GraphNode[]>([]);
  const loadError = ref<string | null>(null);

  const hooks = computed(() => nodes.value.filter((n) => n.kind === 'hook'));
  const procedures = computed(() => nodes.value.filter((n) => n.kind === 'procedure'));
  const crons = computed(() => nodes.value.filter((n) => n.kind === 'cron'));

  async function load(): Promise<void> {
    try {
      nodes.value = (await requestOk<{ nodes: GraphNode[] }>('/api/v1/hooks')).nodes;
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
    }
  }

  /** Which hooks would fire for `event` (its `args`: `{type, ...fields}`), and why. */
  async function match(
    event: Record<string, unknown>,
  ): Promise<{ hooks: MatchedHook[] } | { error: string }> {
    const res = await request<{ hooks: MatchedHook[] }>('/api/v1/hooks/match', { body: { event } });
    return res.ok ? res.body : { error: errorMessage(res.body) ?? `HTTP ${res.status}` };
  }

  /** A run-time hook's stored definition (`{if, then, ...}`), to edit it. */
  async function definition(name: string): Promise<Record<string, unknown> | null> {
    const res = await request<{ definition: Record<string, unknown> }>(
      `/api/v1/hooks/${encodeURIComponent(name)}`,
    );
    return res.ok ? res.body.definition : null;
  }

  async function save(name: string, body: Record<string, unknown>): Promise<SaveOutcome> {
    const res = await request(`/api/v1/hooks/${encodeURIComponent(name)}`, { method: 'PUT', body });
    if (res.ok) await load();
    return outcome(res.status, res.ok, res.body);
  }

  async function remove(name: string): Promise<SaveOutcome> {
    const res = await request(`/api/v1/hooks/${encodeURIComponent(name)}`, { method: 'DELETE' });
    if (res.ok) await load();
    return outcome(res.status, res.ok, res.body);
  }

  return { nodes, hooks, procedures, crons, loadError, load, match, definition, save, remove };
});
