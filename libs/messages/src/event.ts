/**
 * Known event types and their fields. Modules add their own with declaration merging:
 *
 *   declare module '@hub/messages' { interface EventMap { MyEvent: { foo: string } } }
 */
export interface EventMap {
  CustomEvent: { subtype: string; [field: string]: unknown };
  WebhookEvent: {
    hook: string;
    method: string;
    args: Record<string, unknown>;
    data: unknown;
    headers: Record<string, string>;
  };
  VariableChangedEvent: { name: string; value: unknown; old_value: unknown };
  FileUploadedEvent: { name: string; path: string; url: string; size: number; mime: string };
  ProcessOutputEvent: { id: string; stream: 'stdout' | 'stderr'; data: string };
  ProcessExitedEvent: { id: string; exit_code: number | null; signal: string | null };
  DashboardChangedEvent: { name: string; change: 'created' | 'updated' | 'deleted' };
  ApplicationStartedEvent: Record<string, never>;
}

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
  _timestamp: number;
  args: { type: T } & EventFields<T>;
}

/** `platypush.message.event.http.hook.WebhookEvent` → `WebhookEvent`. */
export function normaliseEventType(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot >= 0 ? type.slice(dot + 1) : type;
}
