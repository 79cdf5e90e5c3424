import { HubError } from '@hub/common';
import { isHubOnlyEventType, normaliseEventType } from '@hub/messages';

/** An event a client sent with `post`, validated and ready for the bus. */
export interface ClientEvent {
  type: string;
  fields: Record<string, unknown>;
}

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
  // Types the hub produces are refused: see EventTypeDeclaration.hubOnly.
  if (isHubOnlyEventType(short)) {
    throw HubError.forbidden(`${short} is posted by the hub only`);
  }
  return { type: short, fields };
}
