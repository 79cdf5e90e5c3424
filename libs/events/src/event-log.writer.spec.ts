import { describe, expect, it } from 'vitest';

import type { HubEvent } from '@hub/messages';

import { eventLogPayload } from './event-log.writer';

const event = (args: Record<string, unknown>) =>
  ({
    type: 'event',
    id: 'e1',
    seq: 7,
    origin: 'hub',
    target: 'hub',
    _timestamp: 1_700_000_000.5,
    args: { type: 'WebhookEvent', ...args },
  }) as unknown as HubEvent;

describe(eventLogPayload.name, () => {
  it('splices already-encoded fields into the same text a full serialisation gives', () => {
    const e = event({ hook: 'door', data: { open: true, 'quote"d': 'a\nb' }, headers: { a: '1' } });
    expect(eventLogPayload(e, JSON.stringify(e.args))).toBe(JSON.stringify(e));
  });

  it('still replaces binary fields by their length when the encoded fields hold a Buffer', () => {
    const e = event({ data: Buffer.from('abc') });
    const payload = JSON.parse(eventLogPayload(e, JSON.stringify(e.args))) as { args: { data: unknown } };
    expect(payload.args.data).toEqual({ _binary: 3 });
  });
});
