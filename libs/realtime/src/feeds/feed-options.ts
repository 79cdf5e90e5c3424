import { z } from 'zod';

import { parseInput } from '@hub/common';

import { eventTypesField, lastValue, numberField, seqField } from '../query-fields';

export type FeedKind = 'eventsource' | 'longpoll' | 'continuous';
const FEEDS = ['eventsource', 'longpoll', 'continuous'] as const satisfies readonly FeedKind[];

/** Query of `GET /events` and `GET /streams/:id/:stream`, validated. */
export interface FeedOptions {
  feed: FeedKind;
  /** Null: every type. */
  types: string[] | null;
  /** Seconds between heartbeats (SSE comment / blank line); null: none. */
  heartbeatSeconds: number | null;
  /** Resume after this seq (`since=`, or SSE `Last-Event-ID`); null: from now on. */
  since: number | null;
  /** Longpoll: seconds to wait for an event before answering empty-handed. */
  timeoutSeconds: number;
}

export const DEFAULT_HEARTBEAT_SECONDS = 15;
/** gaffer's `heartbeat=true`. */
const HEARTBEAT_TRUE_SECONDS = 60;
const DEFAULT_LONGPOLL_SECONDS = 30;
const MAX_LONGPOLL_SECONDS = 300;

/** `true` / `false` / `0` / seconds; undefined when absent (the default depends on the feed). */
const heartbeatField = z.preprocess(
  lastValue,
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      if (text === 'true') return HEARTBEAT_TRUE_SECONDS;
      if (text === 'false' || text === '0') return null;
      const seconds = Number(text);
      if (Number.isFinite(seconds) && seconds >= 0.05 && seconds <= 3600) return seconds;
      ctx.addIssue({ code: 'custom', message: 'expected true, false or seconds between 0.05 and 3600' });
      return z.NEVER;
    }),
);

const feedQuery = z.object({
  feed: z.preprocess(
    (v) => lastValue(v) ?? 'eventsource',
    z.enum(FEEDS, { error: `expected one of ${FEEDS.join(', ')}` }),
  ),
  types: eventTypesField,
  heartbeat: heartbeatField,
  // One of the two is given (see parseFeedOptions), so a problem is reported under its own name.
  since: seqField,
  'Last-Event-ID': seqField,
  timeout: numberField(
    (n) => Number.isFinite(n) && n >= 0 && n <= MAX_LONGPOLL_SECONDS,
    `expected seconds between 0 and ${MAX_LONGPOLL_SECONDS}`,
  ),
});

/**
 * Parses feed query parameters; every problem is listed in one 400. `lastEventId` is the SSE
 * `Last-Event-ID` header a reconnecting EventSource sends; it wins over `since`.
 */
export function parseFeedOptions(query: Record<string, unknown>, lastEventId?: string): FeedOptions {
  const resume = lastEventId !== undefined ? { 'Last-Event-ID': lastEventId } : { since: query.since };
  const parsed = parseInput(feedQuery, { ...query, since: undefined, ...resume });
  const defaultHeartbeat = parsed.feed === 'longpoll' ? null : DEFAULT_HEARTBEAT_SECONDS;
  return {
    feed: parsed.feed,
    types: parsed.types,
    heartbeatSeconds: parsed.heartbeat === undefined ? defaultHeartbeat : parsed.heartbeat,
    since: parsed['Last-Event-ID'] ?? parsed.since,
    timeoutSeconds: parsed.timeout ?? DEFAULT_LONGPOLL_SECONDS,
  };
}
