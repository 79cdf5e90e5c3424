import type { FastifyReply } from 'fastify';

import type { HubConfig } from '@hub/config';

import { SESSION_COOKIE } from '../credentials';

/**
 * Sets `session_token`: HttpOnly, SameSite=Lax, Path=/, Secure under TLS. Without `remember` it
 * is a browser-session cookie (gone when the browser closes); the server row expires anyway.
 */
export function setSessionCookie(
  reply: FastifyReply,
  config: HubConfig,
  token: string,
  expiresAt: Date,
  remember: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: config.http.tls !== null,
    ...(remember ? { expires: expiresAt } : {}),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: HubConfig): void {
  void reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: config.http.tls !== null,
  });
}
