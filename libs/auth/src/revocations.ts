import { Injectable } from '@nestjs/common';
import { createLogger } from '@hub/common';

/** What stopped being valid: a token, a session, or every credential of a user. */
export interface Revocation {
  tokenId?: string;
  sessionId?: string;
  userId?: number;
}

export type RevocationListener = (revocation: Revocation) => void;

const log = createLogger('Auth');

/**
 * Tells interested parties (token cache, socket.io connections) that a credential is gone, so
 * nothing keeps using it after a revoke, a logout or a user deletion.
 */
@Injectable()
export class Revocations {
  private readonly listeners = new Set<RevocationListener>();

  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(revocation: Revocation): void {
    for (const listener of this.listeners) {
      try {
        listener(revocation);
      } catch (err) {
        // One broken listener must not keep the others from hearing about a revocation.
        log.error({ err }, 'revocation listener failed');
      }
    }
  }
}
