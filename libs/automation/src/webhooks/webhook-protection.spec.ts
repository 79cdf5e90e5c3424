import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { WebhookProtection, webhookProtectionSchema, type WebhookRequestParts } from './webhook-protection';

const protection = (raw: unknown) => new WebhookProtection(webhookProtectionSchema.parse(raw));
const body = Buffer.from('{"action":"opened"}');
const sign = (secret: string, data: Buffer | string) =>
  createHmac('sha256', secret).update(data).digest('hex');
const request = (
  headers: Record<string, string>,
  query: Record<string, string> = {},
): WebhookRequestParts => ({
  method: 'POST',
  headers,
  query,
  rawBody: body,
});

describe(WebhookProtection.name, () => {
  it('checks GitHub signatures against every rotated secret', () => {
    const p = protection({ hmac: { secrets: ['old', 'new'], format: 'github' } });
    expect(p.verify(request({ 'x-hub-signature-256': `sha256=${sign('old', body)}` }))).toBe(true);
    expect(p.verify(request({ 'x-hub-signature-256': `sha256=${sign('new', body)}` }))).toBe(true);
    expect(p.verify(request({ 'x-hub-signature-256': `sha256=${sign('other', body)}` }))).toBe(false);
    expect(p.verify(request({}))).toBe(false);
  });

  it('checks timestamped signatures within the replay window', () => {
    const p = protection({ hmac: { secrets: ['s'], format: 'timestamped', window_seconds: 60 } });
    const now = 1_700_000_000_000;
    const header = (t: number) => ({ 'x-signature': `t=${t},v1=${sign('s', `${t}.${body.toString()}`)}` });
    expect(p.verify(request(header(now / 1000 - 30)), now)).toBe(true);
    expect(p.verify(request(header(now / 1000 - 120)), now)).toBe(false);
    expect(p.verify(request({ 'x-signature': `t=${now / 1000},v1=${sign('s', body)}` }), now)).toBe(false);
  });

  it('checks secret headers and query tokens, and methods', () => {
    const p = protection({
      methods: ['post'],
      secret_header: { name: 'X-Hook-Token', value: 'abc' },
      secret_query: { name: 'key', value: 'k' },
    });
    expect(p.verify(request({ 'x-hook-token': 'abc' }, { key: 'k' }))).toBe(true);
    expect(p.verify(request({ 'x-hook-token': 'abd' }, { key: 'k' }))).toBe(false);
    expect(p.verify(request({ 'x-hook-token': 'abc' }, {}))).toBe(false);
    expect(p.allowsMethod('POST')).toBe(true);
    expect(p.allowsMethod('GET')).toBe(false);
  });
});
