import { createHmac } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, bearer, issueToken, json } from './support/auth-client';
import { bootHub, type TestHub } from './support/test-hub';

/** Issue 10, the Low list: the items fixed rather than documented. */
describe('low-severity findings', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: `
event.hook.Stamped:
  if: {type: WebhookEvent, hook: stamped}
  webhook:
    hmac: {secrets: [stamp-secret], format: timestamped, window_seconds: 300}
  then:
    - response: {ok: true}
`,
    });
    await hub.fetch('/register', json({ ...ADMIN, confirm_password: ADMIN.password }));
  });
  afterAll(() => hub?.stop());

  it('refuses a timestamped webhook sent again inside its window (replay)', async () => {
    const t = Math.floor(Date.now() / 1000);
    const body = '{"n": 1}';
    const signature = createHmac('sha256', 'stamp-secret').update(`${t}.${body}`).digest('hex');
    const deliver = () =>
      hub.fetch('/hook/stamped', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': `t=${t},v1=${signature}` },
        body,
      });
    expect((await deliver()).status).toBe(200);
    expect((await deliver()).status).toBe(401);
  });

  it("does not let a scoped token revoke its owner's other tokens", async () => {
    const other = await issueToken(hub, { name: 'wall tablet' });
    const scoped = bearer((await issueToken(hub, { scopes: ['light.*'] })).token);
    const refused = await hub.fetch(`/tokens/${other.id}`, { method: 'DELETE', headers: scoped });
    expect(refused.status).toBe(403);
    expect((await hub.fetch('/auth', { headers: bearer(other.token) })).status).toBe(200);
    const full = bearer((await issueToken(hub, {})).token);
    expect((await hub.fetch(`/tokens/${other.id}`, { method: 'DELETE', headers: full })).status).toBe(200);
  });
});
