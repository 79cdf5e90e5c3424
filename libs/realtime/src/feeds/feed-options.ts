import { HubError } from '@hub/common';
import { normaliseEventType } from '@hub/messages';

export type FeedKind = 'eventsource' | 'longpoll' | 'continuous';
const FEEDS: readonly FeedKind[] = ['eventsource', 'longpoll', 'continuous'];

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

/**
 * Parses feed query parameters; every problem is listed in one 400. `lastEventId` is the SSE
 * `Last-Event-ID` header a reconnecting EventSource sends; it wins over `since`.
 */
export function parseFeedOptions(query: Record<string, unknown>, lastEventId?: string): FeedOptions {
  const problems: string[] = [];
  const feedParam = single(query.feed) ?? 'eventsource';
  if (!FEEDS.includes(feedParam as FeedKind)) problems.push(`feed: expected one of ${FEEDS.join(', ')}`);
  const feed = feedParam as FeedKind;

  let types: string[] | null = null;
  const typesParam = single(query.types);
  if (typesParam !== undefined) {
    types = typesParam
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
      .map(normaliseEventType);
    if (types.length === 0) types = null;
  }

  let heartbeatSeconds: number | null = feed === 'longpoll' ? null : DEFAULT_HEARTBEAT_SECONDS;
  const heartbeat = single(query.heartbeat);
  if (heartbeat !== undefined) {
    if (heartbeat === 'true') heartbeatSeconds = HEARTBEAT_TRUE_SECONDS;
    else if (heartbeat === 'false' || heartbeat === '0') heartbeatSeconds = null;
    else {
      const seconds = Number(heartbeat);
      if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 3600) {
        problems.push('heartbeat: expected true, false or seconds between 0.05 and 3600');
      } else heartbeatSeconds = seconds;
    }
  }

  let since: number | null = null;
  const sinceParam = lastEventId ?? single(query.since);
  if (sinceParam !== undefined && sinceParam !== '') {
    const seq = Number(sinceParam);
    if (!Number.isSafeInteger(seq) || seq < 0) {
      problems.push(`${lastEventId !== undefined ? 'Last-Event-ID' : 'since'}: expected an event seq`);
    } else since = seq;
  }

  let timeoutSeconds = DEFAULT_LONGPOLL_SECONDS;
  const timeout = single(query.timeout);
  if (timeout !== undefined) {
    const seconds = Number(timeout);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_LONGPOLL_SECONDS) {
      problems.push(`timeout: expected seconds between 0 and ${MAX_LONGPOLL_SECONDS}`);
    } else timeoutSeconds = seconds;
  }

  if (problems.length > 0) throw HubError.badRequest(problems.join('; '), problems);
  return { feed, types, heartbeatSeconds, since, timeoutSeconds };
}

function single(value: unknown): string | undefined {
  if (Array.isArray(value)) return single(value[value.length - 1]);
  return typeof value === 'string' ? value : undefined;
}
