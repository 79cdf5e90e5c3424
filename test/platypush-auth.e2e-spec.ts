import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { bootHub, jsonInit, type TestHub } from './support/test-hub';

const ENV_TOKEN = 'platypush-env-token-for-tests';
const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});

/** platypush's webapp and test-suite calls: POST /auth?type=..., and its env token. */
describe("platypush's HTTP auth API", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({ env: { PLATYPUSH_API_TOKEN: ENV_TOKEN } });
  });
  afterAll(() => hub?.stop());

  it('accepts PLATYPUSH_API_TOKEN from the environment as the global token when config.yaml has none', async () => {
    const ok = await hub.fetch('/auth', { headers: { 'x-token': ENV_TOKEN } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ auth_method: 'global_token' });
    // A wrong token is no identity: before the first user exists that is platypush's 412 "create a user first".
    expect((await hub.fetch('/auth', { headers: { 'x-token': 'wrong' } })).status).toBe(412);
  });

  it('registers the first user with ?type=register (form), answering the session as platypush does', async () => {
    const mismatch = await hub.fetch(
      '/auth?type=register',
      form({ username: 'owner', password: 'correct horse', confirm_password: 'other horse' }),
    );
    expect(mismatch.status).toBe(400);
    expect(((await mismatch.json()) as { message: string }).message).toMatch(/Password mismatch/);

    const res = await hub.fetch(
      '/auth?type=register&redirect=/ui/',
      form({ username: 'owner', password: 'correct horse', confirm_password: 'correct horse' }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', user_id: expect.any(Number), redirect: '/ui/' });
    expect(body.session_token).toEqual(expect.any(String));
    expect(res.headers.get('set-cookie')).toMatch(/^session_token=/);

    const again = await hub.fetch(
      '/auth?type=register',
      form({ username: 'second', password: 'correct horse', confirm_password: 'correct horse' }),
    );
    expect(again.status).toBe(403);
  });

  it('logs in with ?type=login (form or JSON): the session_token works as X-Session-Token', async () => {
    const res = await hub.fetch('/auth?type=login', form({ username: 'owner', password: 'correct horse' }));
    expect(res.status).toBe(200);
    const { session_token: session } = (await res.json()) as { session_token: string };
    const me = await hub.fetch('/auth', { headers: { 'x-session-token': session } });
    expect(await me.json()).toMatchObject({ user: { username: 'owner' }, auth_method: 'session' });

    const json = await hub.fetch(
      '/auth?type=login',
      jsonInit({ username: 'owner', password: 'correct horse' }),
    );
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ status: 'ok', redirect: '/' });

    const wrong = await hub.fetch('/auth?type=login', form({ username: 'owner', password: 'wrong horse!' }));
    expect(wrong.status).toBe(401);
    const missing = await hub.fetch('/auth?type=login', form({ username: 'owner' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/Missing password/);
  });

  it('refuses a login or registration form posted from another site', async () => {
    const res = await hub.fetch(
      '/auth?type=login',
      form({ username: 'owner', password: 'correct horse' }, { origin: 'https://evil.example' }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('issues a JWT with ?type=jwt that authenticates /execute as a Bearer token', async () => {
    const res = await hub.fetch(
      '/auth?type=jwt',
      jsonInit({ username: 'owner', password: 'correct horse', expiry_days: 1 }),
    );
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const run = await hub.fetch(
      '/execute',
      jsonInit(
        { type: 'request', action: 'util.sleep', args: { seconds: 0 } },
        { authorization: `Bearer ${token}` },
      ),
    );
    expect(run.status).toBe(200);
    expect(
      (await hub.fetch('/auth?type=jwt', jsonInit({ username: 'owner', password: 'nope nope' }))).status,
    ).toBe(401);
  });

  it('keeps ?type=token (the default) as hub issues tokens, and refuses an unknown type with 400', async () => {
    const token = await hub.fetch(
      '/auth?type=token',
      jsonInit({ username: 'owner', password: 'correct horse' }),
    );
    expect(token.status).toBe(200);
    expect(await token.json()).toMatchObject({ token: expect.any(String) });
    const bad = await hub.fetch('/auth?type=oauth', jsonInit({}));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(
      /Invalid authentication type 'oauth'/,
    );
  });
});
