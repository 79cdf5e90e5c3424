import { describe, expect, it } from 'vitest';

import type { HubEvent } from '@hub/messages';

import { ClientSubscriptions, parseSubscribeRequest } from './client-subscriptions';

let seq = 0;
function event(type: string, fields: Record<string, unknown> = {}): HubEvent {
  return {
    type: 'event',
    id: 'x',
    seq: ++seq,
    origin: 'o',
    target: 't',
    _timestamp: 0,
    args: { type, ...fields },
  };
}

describe(ClientSubscriptions.name, () => {
  it('matches nothing before the first subscribe', () => {
    const subs = new ClientSubscriptions();
    expect(subs.active).toBe(false);
    expect(subs.matches(event('AEvent'))).toBe(false);
  });

  it('adds subscriptions up: any one matching delivers', () => {
    const subs = new ClientSubscriptions();
    subs.add({ types: ['AEvent'] });
    subs.add({ filter: { type: 'BEvent', room: 'hall' } });
    expect(subs.matches(event('AEvent'))).toBe(true);
    expect(subs.matches(event('BEvent', { room: 'hall' }))).toBe(true);
    expect(subs.matches(event('BEvent', { room: 'attic' }))).toBe(false);
  });

  it('removes types, also from an every-type subscription', () => {
    const subs = new ClientSubscriptions();
    subs.add({});
    subs.remove(['NoisyEvent']);
    expect(subs.matches(event('NoisyEvent'))).toBe(false);
    expect(subs.matches(event('QuietEvent'))).toBe(true);
    subs.remove();
    expect(subs.active).toBe(false);
  });

  it('keeps a snapshot unchanged by later subscriptions', () => {
    const subs = new ClientSubscriptions();
    subs.add({ types: ['AEvent'] });
    const before = subs.snapshot();
    subs.add({ types: ['BEvent'] });
    expect(before(event('BEvent'))).toBe(false);
    expect(subs.matches(event('BEvent'))).toBe(true);
  });
});

describe(parseSubscribeRequest.name, () => {
  it('normalises class paths and accepts a single type', () => {
    expect(parseSubscribeRequest({ types: 'platypush.message.event.AEvent', since: 3 })).toEqual({
      types: ['AEvent'],
      since: 3,
    });
    expect(parseSubscribeRequest(undefined)).toEqual({});
  });

  it('lists every problem', () => {
    expect(() => parseSubscribeRequest({ types: [1], filter: [], since: 1.5 })).toThrow(
      /types.*filter.*since/,
    );
  });
});
