import { HubError } from '@hub/common';
import { normaliseEventType } from '@hub/messages';

/** An event a client sent with `post`, validated and ready for the bus. */
export interface ClientEvent {
  type: string;
  fields: Record<string, unknown>;
}

/**
 * Types the hub itself produces. A client posting one could impersonate the hub (a forged
 * WebhookEvent would fire webhook hooks without passing the webhook's secret check), so they are
 * refused.
 */
export const HUB_ONLY_EVENT_TYPES: ReadonlySet<string> = new Set([
  'WebhookEvent',
  'VariableChangedEvent',
  'FileUploadedEvent',
  'ProcessOutputEvent',
  'ProcessExitedEvent',
  'DashboardChangedEvent',
  'ApplicationStartedEvent',
]);

const TYPE_NAME = /^[A-Za-z_][\w.]{0,127}$/;

/**
 * Accepts the platypush envelope (`{type: 'event', args: {type: 'SensorEvent', ...}}`) or the bare
 * args (`{type: 'SensorEvent', ...}`). Binary fields (Buffers) are kept as they are.
 */
export function parseClientEvent(payload: unknown): ClientEvent {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw HubError.badRequest('expected an event object');
  }
  const p = payload as Record<string, unknown>;
  const args = p.type === 'event' ? p.args : p;
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw HubError.badRequest('args: expected an object with the event type and fields');
  }
  const { type, ...fields } = args as Record<string, unknown>;
  if (typeof type !== 'string' || !TYPE_NAME.test(type)) {
    throw HubError.badRequest('args.type: expected an event type name such as "SensorEvent"');
  }
  const short = normaliseEventType(type);
  if (HUB_ONLY_EVENT_TYPES.has(short)) {
    throw HubError.forbidden(`${short} is posted by the hub only`);
  }
  return { type: short, fields };
}
