import { z } from 'zod';

import { parseInput } from '@hub/common';
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
const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isTypeList = (value: unknown): value is string[] =>
  Array.isArray(value) &&
  value.length <= MAX_TYPES &&
  value.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 256);
/** `null` counts as absent, as clients send it. */
const absentIfNull = (value: unknown) => value ?? undefined;

const subscribeSchema = z.object(
  {
    types: z
      .preprocess(
        (v) => (typeof v === 'string' ? [v] : v),
        z.custom<string[]>(isTypeList, { error: `expected a list of at most ${MAX_TYPES} event type names` }),
      )
      .transform((types) => types.map(normaliseEventType))
      .optional(),
    filter: z.preprocess(
      absentIfNull,
      z.custom<Record<string, unknown>>(isObject, { error: 'expected an object' }).optional(),
    ),
    since: z.preprocess(
      absentIfNull,
      z
        .custom<number>((v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0, {
          error: 'expected a non-negative integer (an event seq)',
        })
        .optional(),
    ),
  },
  { error: 'expected an object' },
);

/** Validates a `subscribe` / `unsubscribe` payload; every problem is listed in the error. */
export function parseSubscribeRequest(payload: unknown): SubscribeRequest {
  if (payload === undefined || payload === null) return {};
  const { types, filter, since } = parseInput(subscribeSchema, payload);
  // Only the fields given: `{}` subscribes to every type.
  return {
    ...(types !== undefined && { types }),
    ...(filter !== undefined && { filter }),
    ...(since !== undefined && { since }),
  };
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
