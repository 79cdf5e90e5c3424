import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ADMIN, asSession, bearer, issueToken, json, login, register } from './support/auth-client';
import { bootHub, spawnBuiltHub, type SpawnedHub, tempDirs } from './support/test-hub';

/** Temp dirs removed when the file's tests are done. */
const tempDir = tempDirs();

/** Resolves once the process output matches (the hub logs each step as a JSON line). */
async function waitForOutput(hub: SpawnedHub, pattern: RegExp): Promise<void> {
  await expect.poll(() => pattern.test(hub.output()), { timeout: 20_000, interval: 20 }).toBe(true);
}

describe('operations, with the built hub', () => {
  describe('logs', () => {
    let hub: SpawnedHub;
    beforeAll(async () => {
      const dir = tempDir();
      writeFileSync(
        join(dir, 'config.yaml'),
        'token: very-secret-global-token\nbackend.http:\n  port: 0\nauth:\n  bcrypt_cost: 4\nlogging:\n  level: debug\n  requests: true\n',
      );
      hub = await spawnBuiltHub(['--config', 'config.yaml'], dir);
    });
    afterAll(async () => {
      hub.child.kill('SIGTERM');
      await hub.exited;
    });

    it('writes structured JSON lines with no secret in them', async () => {
      await fetch(`${hub.url}/register`, json({ ...ADMIN, confirm_password: ADMIN.password }));
      await fetch(`${hub.url}/auth?token=very-secret-global-token`);
      await fetch(`${hub.url}/auth?a=1&token=very-secret-global-token&b=2`, {
        headers: { 'x-token': 'very-secret-global-token' },
      });
      await fetch(`${hub.url}/login`, json({ username: 'owner', password: 'a wrong password' }));
      await fetch(`${hub.url}/healthz?marker=done`);
      await waitForOutput(hub, /marker=done/);
      const output = hub.output();
      expect(output).not.toContain('very-secret-global-token');
      expect(output).not.toContain(ADMIN.password);
      expect(output).not.toContain('a wrong password');
      expect(output).toContain('token=[redacted]');
      const lines = output.split('\n').filter((l) => l.startsWith('{'));
      expect(lines.length).toBeGreaterThan(5);
      for (const line of lines) {
        const entry = JSON.parse(line) as { level: number; time: number };
        expect(typeof entry.level).toBe('number');
        expect(typeof entry.time).toBe('number');
      }
      const failed = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((e) => e.msg === 'login failed');
      expect(failed).toMatchObject({ username: 'owner', method: 'login', reason: 'wrong_password' });
    });
  });

  describe('graceful shutdown on SIGTERM', () => {
    it('lets an in-flight request finish, exits 0 and closes the database cleanly', async () => {
      const dir = tempDir();
      // A high bcrypt cost makes POST /login slow enough to still be running when SIGTERM lands.
      writeFileSync(
        join(dir, 'config.yaml'),
        'backend.http:\n  port: 0\nauth:\n  bcrypt_cost: 13\nlogging:\n  level: debug\n',
      );
      const hub = await spawnBuiltHub(['--config', 'config.yaml'], dir);
      const registered = await fetch(
        `${hub.url}/register`,
        json({ ...ADMIN, confirm_password: ADMIN.password }),
      );
      expect(registered.status).toBe(201);

      const inFlight = fetch(`${hub.url}/login`, json(ADMIN));
      await waitForOutput(hub, /"msg":"checking password"/);
      hub.child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('session_token='))).toBe(true);
      expect(await hub.exited).toBe(0);
      expect(hub.output()).toMatch(/"msg":"shutting down"/);
      // A clean close checkpoints the WAL into the main file and removes it.
      const wal = join(dir, 'data', 'hub.db-wal');
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);

      // The session written by that last request survived the shutdown.
      const again = await spawnBuiltHub(['--config', 'config.yaml'], dir);
      try {
        const cookie = res.headers
          .getSetCookie()
          .find((c) => c.startsWith('session_token='))!
          .split(';')[0];
        const me = await fetch(`${again.url}/auth`, { headers: { cookie } });
        expect(me.status).toBe(200);
      } finally {
        again.child.kill('SIGTERM');
        expect(await again.exited).toBe(0);
      }
    });
  });
});

describe('restart', () => {
  it('keeps users, sessions and tokens; a revoked token stays revoked', async () => {
    const dir = tempDir();
    const first = await bootHub({ dir });
    await register(first);
    await first.fetch(
      '/users',
      json(
        { username: 'second', password: 'second password' },
        { 'x-session-token': (await login(first)).token },
      ),
    );
    const session = await login(first);
    const kept = await issueToken(first, { name: 'kept' });
    const revoked = await issueToken(first, { name: 'revoked' });
    expect(
      (await first.fetch(`/tokens/${revoked.id}`, { method: 'DELETE', headers: asSession(session) })).status,
    ).toBe(200);
    await first.stop();

    const second = await bootHub({ dir });
    try {
      expect((await second.fetch('/auth', { headers: { cookie: session.cookie } })).status).toBe(200);
      expect((await second.fetch('/auth', { headers: bearer(kept.token) })).status).toBe(200);
      expect((await second.fetch('/auth', { headers: bearer(revoked.token) })).status).toBe(401);
      expect(
        (await second.fetch('/login', json({ username: 'second', password: 'second password' }))).status,
      ).toBe(200);
      const again = await second.fetch(
        '/register',
        json({ username: 'x', password: 'long enough', confirm_password: 'long enough' }),
      );
      expect(again.status).toBe(403);
    } finally {
      await second.stop();
    }
  });
});
