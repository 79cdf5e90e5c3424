import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { HubResponse } from '@hub/messages';

import { ADMIN, bearer, issueToken, json } from './support/auth-client';
import { AS_OWNER, execute, TOKEN_CONFIG } from './support/execute-client';
import { connectSocket } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

const USER = { username: 'guest', password: 'guest password 1' };
const OTHER = { username: 'visitor', password: 'visitor password 1' };

async function addUser(hub: TestHub, user: { username: string; password: string }): Promise<void> {
  const res = await hub.fetch('/users', json({ ...user, is_admin: false }, AS_OWNER));
  if (res.status !== 201) throw new Error(`POST /users: ${res.status} ${await res.text()}`);
}

function call(action: string, args: Record<string, unknown> = {}) {
  return { type: 'request', action, args };
}

/** Issue 10, item 1: roles mean something on every entry point. */
describe('roles on actions', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  let user: Record<string, string>;
  let other: Record<string, string>;

  beforeAll(async () => {
    hub = await bootHub({
      config: [
        TOKEN_CONFIG,
        'auth:\n  bcrypt_cost: 4\n  user_actions: [shell.start, shell.list, shell.stop, shell.write]',
        'shell:\n  enabled: true',
        'file:\n  dirs: [., shared]\n  user_dirs: [shared]',
        'procedure.wipe:\n  - action: shell.exec\n    args: {cmd: [rm, -rf, /nonexistent-dir]}',
        'procedure.lights_on:\n  - action: variable.set\n    args: {lights: on}',
        'procedure.indirect:\n  - action: procedure.wipe',
      ].join('\n'),
      files: { 'shared/notes.txt': 'shared notes' },
    });
    await hub.fetch('/register', json({ ...ADMIN, confirm_password: ADMIN.password }));
    await addUser(hub, USER);
    await addUser(hub, OTHER);
    admin = bearer((await issueToken(hub, {}, ADMIN)).token);
    user = bearer((await issueToken(hub, {}, USER)).token);
    other = bearer((await issueToken(hub, {}, OTHER)).token);
  });
  afterAll(() => hub?.stop());

  describe('admin-only actions', () => {
    it('refuses shell.exec to a user who is not an administrator, and runs it for one', async () => {
      const refused = await execute(hub, call('shell.exec', { cmd: ['true'] }), user);
      expect(refused.status).toBe(403);
      expect(refused.body.response.errors[0]).toMatch(/'shell.exec' is for administrators/);
      expect((await execute(hub, call('shell.exec', { cmd: ['true'] }), admin)).status).toBe(200);
    });

    it('refuses it to a non-admin token scoped shell.*, which only narrows its owner', async () => {
      const scoped = bearer((await issueToken(hub, { scopes: ['shell.*'] }, USER)).token);
      expect((await execute(hub, call('shell.exec', { cmd: ['true'] }), scoped)).status).toBe(403);
      const adminScoped = bearer((await issueToken(hub, { scopes: ['shell.*'] }, ADMIN)).token);
      expect((await execute(hub, call('shell.exec', { cmd: ['true'] }), adminScoped)).status).toBe(200);
    });

    it('keeps http.* and inspect.* for administrators', async () => {
      const http = await execute(hub, call('http.get', { url: `${hub.url}/healthz` }), user);
      expect(http.status).toBe(403);
      expect((await execute(hub, call('inspect.get_all_plugins'), user)).status).toBe(403);
      expect((await execute(hub, call('inspect.get_all_plugins'), admin)).status).toBe(200);
    });

    it('applies the same rule on /cmd and on socket.io execute', async () => {
      const cmd = await hub.fetch('/cmd', json({ name: 'shell.exec', payload: { cmd: ['true'] } }, user));
      expect(cmd.status).toBe(403);
      const socket = await connectSocket(hub.url, { token: user.authorization.slice('Bearer '.length) });
      try {
        const answer = (await socket.emitWithAck(
          'execute',
          call('shell.exec', { cmd: ['true'] }),
        )) as HubResponse;
        expect(answer.response.errors[0]).toMatch(/is for administrators/);
      } finally {
        socket.close();
      }
    });

    it('lets users run actions without the admin role', async () => {
      const set = await execute(hub, call('variable.set', { mood: 'calm' }), user);
      expect(set.status).toBe(200);
      expect((await hub.fetch('/data', json({ name: 'ping', payload: {} }, user))).status).toBe(200);
    });
  });

  describe('files', () => {
    it('lets a user read only inside file.user_dirs, never config.yaml, and never write', async () => {
      const config = await execute(hub, call('file.read', { path: join(hub.dir, 'config.yaml') }), user);
      expect(config.status).toBe(403);
      const notes = await execute(hub, call('file.read', { path: join(hub.dir, 'shared/notes.txt') }), user);
      expect(notes.status).toBe(200);
      expect(notes.body.response.output).toMatchObject({ content: 'shared notes' });
      const write = await execute(
        hub,
        call('file.write', { path: join(hub.dir, 'shared/notes.txt'), content: 'x' }),
        user,
      );
      expect(write.status).toBe(403);
      const adminRead = await execute(hub, call('file.read', { path: join(hub.dir, 'config.yaml') }), admin);
      expect(adminRead.status).toBe(200);
    });
  });

  describe('procedures', () => {
    it('are admin-only when they call an admin-only action, directly or through another procedure', async () => {
      expect((await execute(hub, call('procedure.wipe'), user)).status).toBe(403);
      expect((await execute(hub, call('procedure.indirect'), user)).status).toBe(403);
      expect((await execute(hub, call('procedure.lights_on'), user)).status).toBe(200);
    });
  });

  describe('processes granted through auth.user_actions', () => {
    it("shows, feeds and stops a user's processes to that user and administrators only", async () => {
      const started = await execute(hub, call('shell.start', { cmd: ['cat'], name: 'mine' }), user);
      expect(started.status).toBe(200);
      const { id } = started.body.response.output as { id: string };

      const listed = (who: Record<string, string>) =>
        execute(hub, call('shell.list'), who).then((r) =>
          (r.body.response.output as Array<{ id: string; owner: string | null }>).map((p) => p.id),
        );
      expect(await listed(user)).toContain(id);
      expect(await listed(admin)).toContain(id);
      expect(await listed(other)).not.toContain(id);

      expect((await execute(hub, call('shell.write', { id, data: 'x' }), other)).status).toBe(404);
      expect((await execute(hub, call('shell.stop', { id }), other)).status).toBe(404);
      const stdin = (who: Record<string, string>) =>
        hub.fetch(`/streams/${id}/stdin`, json({ data: 'hello\n' }, who)).then((r) => r.status);
      expect(await stdin(other)).toBe(404);
      expect(await stdin(user)).toBe(200);
      const peek = await hub.fetch(`/streams/${id}/stdout?feed=longpoll`, { headers: other });
      expect(peek.status).toBe(404);

      expect((await execute(hub, call('shell.stop', { id }), user)).status).toBe(200);
    });

    it('refuses /streams/:id/stdin to a user when shell.write is not granted', async () => {
      const strict = await bootHub({ config: `${TOKEN_CONFIG}shell:\n  enabled: true\n` });
      try {
        await strict.fetch('/register', json({ ...ADMIN, confirm_password: ADMIN.password }));
        await addUser(strict, USER);
        const token = bearer((await issueToken(strict, {}, USER)).token);
        const started = await execute(strict, call('shell.start', { cmd: ['cat'] }));
        const { id } = started.body.response.output as { id: string };
        const res = await strict.fetch(`/streams/${id}/stdin`, json({ data: 'x' }, token));
        expect(res.status).toBe(403);
        expect(((await res.json()) as { message: string }).message).toMatch(
          /'shell.write' is for administrators/,
        );
        await execute(strict, call('shell.stop', { id }));
      } finally {
        await strict.stop();
      }
    });
  });
});

/** Issue 10, item 6: uploading needs a full credential or the files:write scope. */
describe('upload permission', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({ config: TOKEN_CONFIG });
    await hub.fetch('/register', json({ ...ADMIN, confirm_password: ADMIN.password }));
  });
  afterAll(() => hub?.stop());

  const upload = (headers: Record<string, string>) => {
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'hello.txt');
    return hub.fetch('/upload', { method: 'POST', headers, body: form });
  };

  it('refuses a token with scopes: [] and accepts one scoped files:write', async () => {
    const none = bearer((await issueToken(hub, { scopes: [] })).token);
    const refused = await upload(none);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/files:write/);
    const writer = bearer((await issueToken(hub, { scopes: ['files:write'] })).token);
    expect((await upload(writer)).status).toBe(201);
    expect((await upload(bearer((await issueToken(hub, {})).token))).status).toBe(201);
  });
});

describe('declared public mounts', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub({
      config: `${TOKEN_CONFIG}backend.http:\n  resource_dirs:\n    art: {path: ./art, public: true}\n    private: ./private\n`,
      files: { 'art/a.txt': 'art', 'private/p.txt': 'secret' },
    });
  });
  afterAll(() => hub?.stop());

  it('serves a public mount without credentials and asks for them on every other mount', async () => {
    expect((await hub.fetch('/resources/art/a.txt')).status).toBe(200);
    expect((await hub.fetch('/resources/private/p.txt')).status).toBe(412);
    expect((await hub.fetch('/resources/private/p.txt', { headers: AS_OWNER })).status).toBe(200);
    expect((await hub.fetch('/resources/nope/p.txt')).status).toBe(412);
  });
});
