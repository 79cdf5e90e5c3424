import { defineStore } from 'pinia';
import { ref } from 'vue';
import { requestOk } from '../api/http';

/** A row of `GET /login-audit`. */
export interface AuditRow {
  id: number;
  at: string;
  username: string;
  address: string;
  method: string;
  success: boolean;
  reason: string | null;
}

export const AUDIT_PAGE = 50;

/** The login audit (administrators), newest first, a page at a time. */
export const useLoginAuditStore = defineStore('login-audit', () => {
  const entries = ref<AuditRow[]>([]);
  /** The last page was full: there may be older rows. */
  const more = ref(false);
  const loadError = ref<string | null>(null);

  async function page(before?: number): Promise<AuditRow[]> {
    const query = `?limit=${AUDIT_PAGE}${before === undefined ? '' : `&before=${before}`}`;
    const rows = (await requestOk<{ entries: AuditRow[] }>(`/login-audit${query}`)).entries;
    more.value = rows.length === AUDIT_PAGE;
    return rows;
  }

  async function load(): Promise<void> {
    try {
      entries.value = await page();
      loadError.value = null;
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
    }
  }

  async function loadOlder(): Promise<void> {
    const last = entries.value.at(-1);
    if (!last) return;
    try {
      entries.value = [...entries.value, ...(await page(last.id))];
    } catch (err) {
      loadError.value = err instanceof Error ? err.message : String(err);
    }
  }

  return { entries, more, loadError, load, loadOlder };
});
