import { type Credentials, extractCredentials } from '@hub/auth';

/** The parts of a socket.io handshake that can carry credentials. */
export interface HandshakeLike {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  auth: Record<string, unknown>;
  address: string;
}

/**
 * Credentials from a socket.io handshake, for the same authenticate() as HTTP: `auth: {token}`
 * (a JWT or the global token, like `Authorization: Bearer`), then whatever headers, query and the
 * session cookie carry.
 */
export function handshakeCredentials(handshake: HandshakeLike): Credentials {
  const credentials = extractCredentials({
    headers: handshake.headers,
    query: handshake.query,
    ip: handshake.address,
  });
  const token = handshake.auth?.token;
  if (typeof token === 'string' && token.length > 0) credentials.bearer = token;
  return credentials;
}
