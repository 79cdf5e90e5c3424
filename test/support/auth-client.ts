import type { TestHub } from './test-hub';

/** The first admin of every auth test, unless a test says otherwise. */
export const ADMIN = { username: 'owner', password: 'correct horse battery' };

export function json(body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  };
}

/** `session_token=...` from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookie(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session_token='));
  if (!cookie) throw new Error(`no session cookie in ${res.status} response`);
  return cookie.split(';')[0];
}

export interface Session {
  cookie: string;
  csrf: string;
  /** The raw token (for X-Session-Token). */
  token: string;
}

export async function register(hub: Pick<TestHub, 'fetch'>, user = ADMIN): Promise<Session> {
  const res = await hub.fetch('/register', json({ ...user, confirm_password: user.password }));
  if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
  return toSession(res);
}

export async function login(
  hub: Pick<TestHub, 'fetch'>,
  user = ADMIN,
  extra: Record<string, string> = {},
): Promise<Session> {
  const res = await hub.fetch('/login', json(user, extra));
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  return toSession(res);
}

async function toSession(res: Response): Promise<Session> {
  const cookie = sessionCookie(res);
  const body = (await res.json()) as { csrf_token: string };
  return { cookie, csrf: body.csrf_token, token: cookie.slice('session_token='.length) };
}

/** Headers for a cookie-authenticated write that passes the CSRF check. */
export function asSession(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf };
}

export async function issueToken(
  hub: Pick<TestHub, 'fetch'>,
  body: Record<string, unknown> = {},
  user = ADMIN,
): Promise<{ token: string; id: string; name: string; expires_at: string | null }> {
  const res = await hub.fetch('/auth', json({ ...user, ...body }));
  if (res.status !== 200) throw new Error(`POST /auth: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; id: string; name: string; expires_at: string | null };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function basic(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}
