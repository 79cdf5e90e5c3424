import { describe, expect, it } from 'vitest';

import { OutboundPolicy } from './outbound-request';

describe('OutboundPolicy', () => {
  it('lets only administrators reach public addresses by default', () => {
    const policy = new OutboundPolicy({ allowed_ranges: [], allow_public: true });
    expect(() => policy.assertAllowed('198.51.100.7', true)).not.toThrow();
    expect(() => policy.assertAllowed('198.51.100.7', false)).toThrow(/not administrators/);
  });

  it('lets everyone reach public addresses with users_reach_public, and still no special ones', () => {
    const policy = new OutboundPolicy({ allowed_ranges: [], allow_public: true, users_reach_public: true });
    expect(() => policy.assertAllowed('198.51.100.7', false)).not.toThrow();
    expect(() => policy.assertAllowed('192.168.1.1', false)).toThrow(/Refused to connect to 192\.168\.1\.1/);
    expect(() => policy.assertAllowed('127.0.0.1', true)).toThrow(/loopback/);
    expect(() => policy.assertAllowed('169.254.169.254', true)).toThrow(/link-local/);
  });
});
