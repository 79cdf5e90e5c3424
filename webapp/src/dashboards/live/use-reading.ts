import type { HubEvent } from '../../api/wire';
import { recentEvents, runAction } from '../dashboard-api';
import { useLiveData, type LiveData } from './use-live-data';

/** One sensor reading with when it was taken (epoch ms). */
export interface Reading {
  value: number | null;
  at: number;
}

export interface ReadingSource {
  variable?: string;
  eventType?: string;
  field: string;
  filter: Record<string, unknown>;
}

/** Reads `a.b.c` from an object; undefined when any step is missing. */
export function pathValue(root: unknown, path: string): unknown {
  let value = root;
  for (const key of path.split('.').filter(Boolean)) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key))
      return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Partial match, as hook conditions: every key of `filter` equals (or, for objects, partially matches) the event's. */
export function matchesFilter(args: unknown, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, expected]) => {
    const actual = (args as Record<string, unknown> | null)?.[key];
    if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
      return matchesFilter(actual, expected as Record<string, unknown>);
    }
    return actual === expected;
  });
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function eventReading(event: HubEvent, source: ReadingSource): Reading | undefined {
  if (!matchesFilter(event.args, source.filter)) return undefined;
  const value = toNumber(pathValue(event.args, source.field));
  return value === null ? undefined : { value, at: event._timestamp * 1000 };
}

/**
 * The readings of a sensor, oldest first, at most `keep`: from a variable (`variable.get`, then
 * VariableChangedEvent) or from events of a type (the persisted event log, then live events).
 */
export function useReadings(
  source: () => ReadingSource,
  keep: () => number,
  history: () => number,
): LiveData<Reading[]> {
  return useLiveData<Reading[]>({
    key: () => JSON.stringify([source(), keep(), history()]),
    load: async () => {
      const s = source();
      if (s.variable) {
        const out = await runAction<Record<string, unknown>>('variable.get', { name: s.variable });
        return [{ value: toNumber(out[s.variable]), at: Date.now() }];
      }
      if (!s.eventType) return [];
      const events = await recentEvents([s.eventType], Math.max(1, history()));
      return events.flatMap((e) => eventReading(e, s) ?? []).slice(-keep());
    },
    types: () => [
      source().variable ? 'VariableChangedEvent' : (source().eventType ?? 'VariableChangedEvent'),
    ],
    apply: (event, current) => {
      const s = source();
      let reading: Reading | undefined;
      if (s.variable) {
        const args = event.args as { name?: string; value?: unknown };
        reading =
          args.name === s.variable ? { value: toNumber(args.value), at: event._timestamp * 1000 } : undefined;
      } else reading = eventReading(event, s);
      if (!reading) return undefined;
      return [...(current ?? []), reading].slice(-keep());
    },
  });
}
