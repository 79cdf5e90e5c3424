import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { asSession, bearer, issueToken, login, register, type Session } from './support/auth-client';
import { connectSocket, disconnected } from './support/socket-client';
import { bootHub, type TestHub } from './support/test-hub';

/** socket.io with real credentials: JWTs with scopes, sessions, and revoking them while connected. */
describe('socket.io with user credentials', () => {
  let hub: TestHub;
  let admin: Session;
  const open: Socket[] = [];
  const connect = async (token: string) => {
    const socket = await connectSocket(hub.url, { token });
    open.push(socket);
    return socket;
  };

  beforeAll(async () => {
    hub = await bootHub();
    admin = await register(hub);
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(() => hub.stop());

  it('disconnects a socket whose token is revoked while it is connected', async () => {
    const { token, id } = await issueToken(hub, { name: 'tablet' });
    const socket = await connect(token);
    const gone = disconnected(socket);
    const revoke = await hub.fetch(`/tokens/${id}`, { method: 'DELETE', headers: asSession(admin) });
    expect(revoke.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    await expect(connectSocket(hub.url, { token })).rejects.toThrow('Unauthorized');
  });

  it('disconnects a socket riding on a session cookie when that session logs out', async () => {
    const session = await login(hub);
    const socket = await connectSocket(hub.url, { headers: { cookie: session.cookie } });
    open.push(socket);
    const gone = disconnected(socket);
    expect((await hub.fetch('/logout', { method: 'POST', headers: asSession(session) })).status).toBeLessThan(
      400,
    );
    expect(await gone).toBe('io server disconnect');
  });

  it('answers execute outside the token scopes with an error in the Response, running nothing', async () => {
    const { token } = await issueToken(hub, { name: 'lights only', scopes: ['variable.get'] });
    const socket = await connect(token);
    const allowed = await socket.emitWithAck('execute', {
      type: 'request',
      action: 'variable.get',
      args: { name: 'x' },
    });
    expect(allowed.response).toEqual({ output: { x: null }, errors: [] });
    const refused = await socket.emitWithAck('execute', {
      type: 'request',
      action: 'variable.set',
      args: { x: 'should not be set' },
    });
    expect(refused.type).toBe('response');
    expect(refused.response.errors.join(' ')).toMatch(/not allowed to run 'variable.set'/);
    const check = await hub.fetch('/execute', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ type: 'request', action: 'variable.get', args: { name: 'x' } }),
    });
    expect(((await check.json()) as { response: { output: unknown } }).response.output).toEqual({ x: null });
  });

  it("refuses subscribe to a token without the 'events:read' scope, and allows it with", async () => {
    const { token: noEvents } = await issueToken(hub, { name: 'no events', scopes: ['variable.get'] });
    const refused = await (await connect(noEvents)).emitWithAck('subscribe', { types: ['CustomEvent'] });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('events:read') });
    const { token: reader } = await issueToken(hub, { name: 'reader', scopes: ['events:read'] });
    expect(await (await connect(reader)).emitWithAck('subscribe', { types: ['CustomEvent'] })).toEqual({
      ok: true,
    });
  });
});
