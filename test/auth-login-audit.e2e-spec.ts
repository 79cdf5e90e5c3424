import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, asSession, json, login, register, type Session } from './support/auth-client';
import { bootHub, type TestHub } from './support/test-hub';

interface AuditEntry {
  id: number;
  at: string;
  username: string;
  address: string;
  method: string;
  success: boolean;
  reason: string | null;
}

describe('GET /login-audit', () => {
  let hub: TestHub;
  let admin: Session;
  const member = { username: 'member', password: 'member password' };

  async function audit(query = '', session = admin): Promise<Response> {
    return hub.fetch(`/login-audit${query}`, { headers: asSession(session) });
  }

  beforeAll(async () => {
    hub = await bootHub();
    admin = await register(hub);
    const created = await hub.fetch('/users', json(member, asSession(admin)));
    expect(created.status).toBe(201);
    expect((await hub.fetch('/login', json({ ...ADMIN, password: 'wrong one' }))).status).toBe(401);
    await login(hub, member);
  });
  afterAll(() => hub.stop());

  it('lists every attempt newest first, failures with their reason and never a password', async () => {
    const res = await audit();
    expect(res.status).toBe(200);
    const { entries } = (await res.json()) as { entries: AuditEntry[] };
    expect(entries.map((e) => [e.username, e.method, e.success, e.reason])).toEqual([
      ['member', 'login', true, null],
      ['owner', 'login', false, 'wrong_password'],
      ['owner', 'register', true, null],
    ]);
    expect(entries[0].address).toBe('127.0.0.1');
    expect(Date.parse(entries[0].at)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(entries)).not.toContain('wrong one');
  });

  it('pages back with limit and before', async () => {
    const first = (await (await audit('?limit=1')).json()) as { entries: AuditEntry[] };
    expect(first.entries).toHaveLength(1);
    const next = (await (await audit(`?limit=5&before=${first.entries[0].id}`)).json()) as {
      entries: AuditEntry[];
    };
    expect(next.entries.map((e) => e.method)).toEqual(['login', 'register']);
  });

  it.each([['?limit=0'], ['?limit=many'], ['?before=-1'], ['?color=blue']])(
    'answers %s with a 400 that names the parameter',
    async (query) => {
      const res = await audit(query);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { message: string };
      expect(body.message).toMatch(/limit|before|color/);
    },
  );

  it('is for administrators only', async () => {
    const res = await audit('', await login(hub, member));
    expect(res.status).toBe(403);
  });
});
