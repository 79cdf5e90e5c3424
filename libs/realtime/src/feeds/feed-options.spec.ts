import { describe, expect, it } from 'vitest';

import { DEFAULT_HEARTBEAT_SECONDS, parseFeedOptions } from './feed-options';

describe(parseFeedOptions.name, () => {
  it('defaults to an SSE feed of every type from now on, with heartbeats', () => {
    expect(parseFeedOptions({})).toEqual({
      feed: 'eventsource',
      types: null,
      heartbeatSeconds: DEFAULT_HEARTBEAT_SECONDS,
      since: null,
      timeoutSeconds: 30,
    });
  });

  it('reads gaffer-style heartbeat values', () => {
    expect(parseFeedOptions({ heartbeat: 'true' }).heartbeatSeconds).toBe(60);
    expect(parseFeedOptions({ heartbeat: 'false' }).heartbeatSeconds).toBeNull();
    expect(parseFeedOptions({ heartbeat: '2.5' }).heartbeatSeconds).toBe(2.5);
  });

  it('prefers Last-Event-ID over since', () => {
    expect(parseFeedOptions({ since: '3' }, '9').since).toBe(9);
    expect(() => parseFeedOptions({}, 'abc')).toThrow('Last-Event-ID: expected an event seq');
  });

  it('splits and normalises types', () => {
    expect(parseFeedOptions({ types: 'AEvent, platypush.x.BEvent,' }).types).toEqual(['AEvent', 'BEvent']);
  });

  it('refuses timeouts out of range', () => {
    expect(() => parseFeedOptions({ feed: 'longpoll', timeout: '9999' })).toThrow('timeout');
  });
});
