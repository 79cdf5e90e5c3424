/** A timestamp from the hub as the person's locale writes it; `fallback` for null (never, not yet). */
export function formatTime(iso: string | null | undefined, fallback = '—'): string {
  if (!iso) return fallback;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
