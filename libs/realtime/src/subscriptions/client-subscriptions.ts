import { HubError } from '@hub/common';
import { type HubEvent, normaliseEventType } from '@hub/messages';
import { compileFilter, type EventPredicate } from './subscription-filter';

/** `subscribe` payload (api.md §5). */
export interface SubscribeRequest {
  /** Event types (short names or platypush class paths); absent: every type. */
  types?: string[];
  /** Hook-style condition on the event's type and fields. */
  filter?: Record<string, unknown>;
  /** Replay the kept events after this seq before live ones. */
  since?: number;
}

const MAX_TYPES = 256;

/** Validates a `subscribe` / `unsubscribe` payload; every problem is listed in the error. */
export function parseSubscribeRequest(payload: unknown): SubscribeRequest {
  if (payload === undefined || payload === null) return {};
  if (typeof payload !== 'object' || Array.isArray(payload)) throw HubError.badRequest('expected an object');
  const p = payload as Record<string, unknown>;
  const problems: string[] = [];
  const request: SubscribeRequest = {};
  if (p.types !== undefined) {
    const types = typeof p.types === 'string' ? [p.types] : p.types;
    if (
      !Array.isArray(types) ||
      types.length > MAX_TYPES ||
      !types.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 256)
    ) {
      problems.push(`types: expected a list of at most ${MAX_TYPES} event type names`);
    } else request.types = types.map((t: string) => normaliseEventType(t));
  }
  if (p.filter !== undefined && p.filter !== null) {
    if (typeof p.filter !== 'object' || Array.isArray(p.filter)) problems.push('filter: expected an object');
    else request.filter = p.filter as Record<string, unknown>;
  }
  if (p.since !== undefined && p.since !== null) {
    if (typeof p.since !== 'number' || !Number.isSafeInteger(p.since) || p.since < 0) {
      problems.push('since: expected a non-negative integer (an event seq)');
    } else request.since = p.since;
  }
  if (problems.length > 0) throw HubError.badRequest(problems.join('; '), problems);
  return request;
}

interface Entry {
  /** Null: every type but `excluded`. */
  types: Set<string> | null;
  excluded: ReadonlySet<string>;
  filter: EventPredicate | null;
}

/**
 * What one client asked to receive. Several `subscribe` calls add up (an event is delivered when
 * any of them matches); `unsubscribe {types}` removes those types, `unsubscribe {}` everything.
 */
export class ClientSubscriptions {
  private entries: Entry[] = [];

  get active(): boolean {
    return this.entries.length > 0;
  }

  /** Adds a subscription; returns a predicate matching only that one (for replay). */
  add(request: Pick<SubscribeRequest, 'types' | 'filter'>): (event: HubEvent) => boolean {
    const entry: Entry = {
      types: request.types ? new Set(request.types) : null,
      excluded: new Set(),
      filter: request.filter ? compileFilter(request.filter) : null,
    };
    this.entries = [...this.entries, entry];
    return (event) => entryMatches(entry, event);
  }

  remove(types?: string[]): void {
    if (!types) {
      this.entries = [];
      return;
    }
    const removed = new Set(types.map((t) => normaliseEventType(t)));
    this.entries = this.entries
      .map((entry) => {
        if (!entry.types) return { ...entry, excluded: new Set([...entry.excluded, ...removed]) };
        const left = new Set([...entry.types].filter((t) => !removed.has(t)));
        return { ...entry, types: left };
      })
      .filter((entry) => entry.types === null || entry.types.size > 0);
  }

  matches(event: HubEvent): boolean {
    for (const entry of this.entries) if (entryMatches(entry, event)) return true;
    return false;
  }

  /** A frozen copy, to tell which replayed events the client already had. */
  snapshot(): (event: HubEvent) => boolean {
    const entries = this.entries;
    return (event) => entries.some((entry) => entryMatches(entry, event));
  }
}

function entryMatches(entry: Entry, event: HubEvent): boolean {
  if (entry.types ? !entry.types.has(event.args.type) : entry.excluded.has(event.args.type)) return false;
  return entry.filter === null || entry.filter(event.args);
}
