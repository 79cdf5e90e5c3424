import { z } from 'zod';
import type { EventMap } from './event';

/** One event type as introspection publishes it. */
export interface EventTypeInfo {
  type: string;
  doc: string;
  /** zod schema of the event's fields (`args` without `type`). */
  fields: z.ZodType;
}

const anyObject = z.record(z.string(), z.unknown());

// Partial: other modules augment EventMap and register their own types with registerEventType().
const BUILTIN: Partial<Record<keyof EventMap, Omit<EventTypeInfo, 'type'>>> = {
  CustomEvent: {
    doc: 'Posted by event.post, POST /data and scripts: a subtype plus any fields.',
    fields: z.looseObject({ subtype: z.string() }),
  },
  WebhookEvent: {
    doc: 'A request to /hook/:name.',
    fields: z.object({
      hook: z.string(),
      method: z.string(),
      args: anyObject.describe('query string'),
      data: z.unknown().describe('JSON body, or text'),
      headers: z.record(z.string(), z.string()),
    }),
  },
  VariableChangedEvent: {
    doc: 'A variable was set to a different value, or unset (value null).',
    fields: z.object({ name: z.string(), value: z.unknown(), old_value: z.unknown() }),
  },
  FileUploadedEvent: {
    doc: 'A file was stored by POST /upload.',
    fields: z.object({
      name: z.string(),
      path: z.string(),
      url: z.string(),
      size: z.number(),
      mime: z.string(),
    }),
  },
  ProcessOutputEvent: {
    doc: 'Output of a process started with shell.start.',
    fields: z.object({ id: z.string(), stream: z.enum(['stdout', 'stderr']), data: z.string() }),
  },
  ProcessExitedEvent: {
    doc: 'A process started with shell.start ended.',
    fields: z.object({ id: z.string(), exit_code: z.number().nullable(), signal: z.string().nullable() }),
  },
  DashboardChangedEvent: {
    doc: 'A dashboard file was created, changed or deleted.',
    fields: z.object({ name: z.string(), change: z.enum(['created', 'updated', 'deleted']) }),
  },
  ApplicationStartedEvent: { doc: 'The hub finished starting.', fields: z.object({}) },
};

const registry = new Map<string, EventTypeInfo>(
  Object.entries(BUILTIN).map(([type, info]) => [type, { type, ...info }]),
);

/**
 * Declares an event type at run time (modules that add to `EventMap` also call this, so that
 * introspection lists the type with its fields). Re-registering a type replaces it.
 */
export function registerEventType(type: string, info: Omit<EventTypeInfo, 'type'>): void {
  registry.set(type, { type, ...info });
}

/** Every known event type, sorted by name. */
export function eventTypes(): EventTypeInfo[] {
  return [...registry.values()].sort((a, b) => a.type.localeCompare(b.type));
}
