/**
 * The wire contract's types (api.md §1, §5), and nothing else: this module has no runtime code,
 * so the webapp can `import type` from it without bundling Nest, zod or any server code
 * (point its `@hub/messages` alias at this file). Server code imports the same names from
 * `@hub/messages`.
 */
import type { z } from 'zod';

import type { EVENT_TYPES } from './event-types';

export type * from './wire-automation';
export type * from './wire-processes';
export type * from './wire-resources';

/** A platypush-style request: `{"type": "request", "action": "plugin.action", "args": {}}`. */
export interface HubRequest {
  type: 'request';
  action: string;
  args: Record<string, unknown>;
  id?: string;
  /** Seconds; may only lower the action's own timeout. */
  timeout?: number;
}

/** The platypush response envelope, sent whatever the HTTP status. */
export interface HubResponse {
  id: string;
  type: 'response';
  target: string;
  origin: string;
  /** Epoch seconds (float). */
  _timestamp: number;
  response: { output: unknown; errors: string[] };
}

/** Known event types and their fields, derived from the declarations in `event-types.ts`. */
export type EventMap = {
  [T in keyof typeof EVENT_TYPES]: z.output<(typeof EVENT_TYPES)[T]['fields']>;
};

/** A known type, or any other name (clients and scripts may post their own types). */
export type EventType = keyof EventMap | (string & {});
export type EventFields<T extends EventType> = T extends keyof EventMap
  ? EventMap[T]
  : Record<string, unknown>;

/** The platypush event envelope, plus `seq`. */
export interface HubEvent<T extends EventType = EventType> {
  type: 'event';
  id: string;
  /** Grows with every event, across restarts: the key for resuming feeds. */
  seq: number;
  origin: string;
  target: string;
  /** Epoch seconds (float). */
  _timestamp: number;
  args: { type: T } & EventFields<T>;
}

/** The JSON body of every non-2xx answer outside `/execute` (which answers a HubResponse). */
export interface ErrorBody {
  /** The HTTP status. */
  code: number;
  /** Machine-readable: `bad_request`, `unauthorized`, `registration_required`, ... */
  error: string;
  message: string;
}

/** socket.io `subscribe` payload (api.md §5); `filter` has the shape of a hook's `if:`. */
export interface SubscribeRequest {
  types?: string[];
  filter?: Record<string, unknown>;
}

/** socket.io ack of a refused `subscribe` / `unsubscribe` / `post`: the reason, as a message. */
export interface SocketRefusal {
  ok: false;
  error: string;
}
/** Ack of `subscribe` (`truncated`: events since the requested seq were lost) and `unsubscribe`. */
export type SubscribeAck = { ok: true; truncated?: true } | SocketRefusal;
/** Ack of `post`: the id and seq the bus gave the event. */
export type PostAck = { ok: true; id: string; seq: number } | SocketRefusal;
