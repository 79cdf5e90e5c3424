import type { HubEvent } from '../../api/wire';

/** One line about an event: its fields other than `type`, as `key=value`, shortened. */
export function eventSummary(event: HubEvent): string {
  const { type: _type, ...fields } = event.args as Record<string, unknown>;
  const text = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
