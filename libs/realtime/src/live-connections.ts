import type { Identity, Revocation } from '@hub/auth';

export interface LiveConnection {
  identity: Identity;
  /** Ends the connection; `reason` is logged and, where the transport allows, told to the client. */
  close(reason: string): void;
}

/**
 * Every long-lived connection (socket.io client, event feed, process stream) with the identity it
 * authenticated as, so a revoked credential ends them all and shutdown does not wait on them.
 */
export class LiveConnections {
  private readonly connections = new Set<LiveConnection>();

  add(connection: LiveConnection): () => void {
    this.connections.add(connection);
    return () => this.connections.delete(connection);
  }

  get size(): number {
    return this.connections.size;
  }

  /** Closes the connections made with the revoked credential; returns how many. */
  revoke(revoked: Revocation): number {
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (usesRevoked(connection.identity, revoked)) {
        this.connections.delete(connection);
        connection.close('credentials revoked');
        closed++;
      }
    }
    return closed;
  }

  closeAll(reason: string): void {
    const all = [...this.connections];
    this.connections.clear();
    for (const connection of all) connection.close(reason);
  }
}

/**
 * A token or session revocation names its credential (the user id that comes with it is context:
 * logging out one browser must not cut the others); a revocation with only a user id (user
 * deleted, password changed) ends every connection of that user.
 */
export function usesRevoked(identity: Identity, revoked: Revocation): boolean {
  if (revoked.tokenId !== undefined || revoked.sessionId !== undefined) {
    return (
      (revoked.tokenId !== undefined && identity.tokenId === revoked.tokenId) ||
      (revoked.sessionId !== undefined && identity.sessionId === revoked.sessionId)
    );
  }
  return revoked.userId !== undefined && identity.user?.id === revoked.userId;
}
