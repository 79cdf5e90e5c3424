import { Inject, Injectable, Optional } from '@nestjs/common';

import { CLUSTER_LINK, type ClusterLink } from '@hub/cluster';
import { createLogger } from '@hub/common';

/** What stopped being valid: a token, a session, or every credential of a user. */
export interface Revocation {
  tokenId?: string;
  sessionId?: string;
  userId?: number;
}

export type RevocationListener = (revocation: Revocation) => void;

const log = createLogger('Auth');
const CHANNEL = 'hub:revocations';

/**
 * Tells interested parties (token cache, socket.io connections) that a credential is gone, so
 * nothing keeps using it after a revoke, a logout or a user deletion. In a cluster the other
 * instances hear it through Redis, a round trip later.
 */
@Injectable()
export class Revocations {
  private readonly listeners = new Set<RevocationListener>();

  constructor(@Optional() @Inject(CLUSTER_LINK) private readonly link: ClusterLink | null = null) {
    link?.on(CHANNEL, (message) => {
      const { from, revocation } = JSON.parse(message) as { from: string; revocation: Revocation };
      if (from !== link.instanceId) this.deliver(revocation);
    });
  }

  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(revocation: Revocation): void {
    this.deliver(revocation);
    if (this.link)
      void this.link.publish(CHANNEL, JSON.stringify({ from: this.link.instanceId, revocation }));
  }

  private deliver(revocation: Revocation): void {
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
