import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { errorMessage, request, requestOk } from '../api/http';
import type { HubResponse } from '../api/wire';
import type { JsonSchema } from '../components/schema-form/json-schema';

/** One action of `GET /api/v1/plugins`. */
export interface ActionInfo {
  /** `plugin.action` */
  id: string;
  plugin: string;
  doc: string;
  args: JsonSchema;
  enabled: boolean;
}

interface PluginInfo {
  name: string;
  enabled: boolean;
  doc: string;
  actions: { name: string; action?: string; doc: string; args: JsonSchema }[];
}

/** What one Run came back with: the HTTP status and the Response envelope as they were. */
export interface RunResult {
  action: string;
  args: Record<string, unknown>;
  status: number;
  durationMs: number;
  output: unknown;
  errors: string[];
  /** The body when it was not a Response envelope (a proxy's error page, say). */
  raw?: unknown;
}

export interface RecentCall {
  action: string;
  args: Record<string, unknown>;
  status: number;
  at: string;
}

const RECENT_KEY = 'hub.recent-calls';
const RECENT_MAX = 20;

function loadRecent(): RecentCall[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RecentCall[]).slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

/** The action catalogue, running actions, and the last calls (kept in this browser). */
export const useActionsStore = defineStore('actions', () => {
  const catalogue = ref<ActionInfo[]>([]);
  const loadError = ref<string | null>(null);
  const recent = ref<RecentCall[]>(loadRecent());
  const running = ref(false);

  const byId = computed(() => new Map(catalogue.value.map((a) => [a.id, a])));

  async function loadCatalogue(): Promise<void> {
    try {
      const plugins = await requestOk<PluginInfo[]>('/api/v1/plugins');
      catalogue.value = plugins.flatMap((p) =>
        p.actions.map((a) => ({
          id: a.action ?? `${p.name}.${a.name}`,
          plugin: p.name,
          doc: a.doc,
          args: a.args,
          enabled: p.enabled,
        })),
      );
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
    }
  }

  /** Case-insensitive search over names and docs; exact and prefix matches first. */
  function search(query: string, limit = 50): ActionInfo[] {
    const q = query.trim().toLowerCase();
    if (!q) return catalogue.value.slice(0, limit);
    const rank = (a: ActionInfo): number => {
      const id = a.id.toLowerCase();
      if (id === q) return 0;
      if (id.startsWith(q)) return 1;
      if (id.includes(q)) return 2;
      return a.doc.toLowerCase().includes(q) ? 3 : 9;
    };
    return catalogue.value
      .map((a) => ({ a, r: rank(a) }))
      .filter((x) => x.r < 9)
      .sort((x, y) => x.r - y.r || x.a.id.localeCompare(y.a.id))
      .slice(0, limit)
      .map((x) => x.a);
  }

  function remember(call: RecentCall): void {
    const same = (c: RecentCall) =>
      c.action === call.action && JSON.stringify(c.args) === JSON.stringify(call.args);
    recent.value = [call, ...recent.value.filter((c) => !same(c))].slice(0, RECENT_MAX);
    localStorage.setItem(RECENT_KEY, JSON.stringify(recent.value));
  }

  /** `POST /execute`; any status comes back as a result (the panel shows 4xx/5xx as they are). */
  async function run(action: string, args: Record<string, unknown>): Promise<RunResult> {
    running.value = true;
    try {
      const res = await request<HubResponse | unknown>('/execute', {
        body: { type: 'request', action, args },
      });
      const envelope = res.body as Partial<HubResponse> | undefined;
      const inner = typeof envelope === 'object' && envelope !== null ? envelope.response : undefined;
      const result: RunResult = inner
        ? {
            action,
            args,
            status: res.status,
            durationMs: res.durationMs,
            output: inner.output,
            errors: inner.errors ?? [],
          }
        : {
            action,
            args,
            status: res.status,
            durationMs: res.durationMs,
            output: null,
            errors: res.ok ? [] : [errorMessage(res.body) ?? `HTTP ${res.status}`],
            raw: res.body,
          };
      remember({ action, args, status: res.status, at: new Date().toISOString() });
      return result;
    } finally {
      running.value = false;
    }
  }

  function clearRecent(): void {
    recent.value = [];
    localStorage.removeItem(RECENT_KEY);
  }

  return { catalogue, loadError, byId, recent, running, loadCatalogue, search, run, clearRecent };
});

/** A `curl` command line that makes the same call (token from `$HUB_TOKEN`), single-quoted for POSIX shells. */
export function curlCommand(origin: string, action: string, args: Record<string, unknown>): string {
  const body = JSON.stringify({ type: 'request', action, args });
  const quoted = `'${body.replace(/'/g, `'\\''`)}'`;
  return `curl -sS -X POST '${origin}/execute' -H 'Content-Type: application/json' -H "Authorization: Bearer $HUB_TOKEN" -d ${quoted}`;
}
