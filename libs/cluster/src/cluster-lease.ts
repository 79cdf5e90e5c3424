import type { ClusterLink } from './cluster-link';

/**
 * Once-per-cluster work (a cron tick): the first instance to take the lease runs it. Without
 * Redis, or while it is down, every instance takes it: a tick runs on each instance rather than
 * on none.
 */
export class ClusterLease {
  constructor(private readonly link: ClusterLink | null) {}

  /** True when this instance should do `key` (e.g. `cron:backup:1764590400`). */
  async acquire(key: string, ttlMs: number): Promise<boolean> {
    if (!this.link?.isUp()) return true;
    try {
      const taken = await this.link.redis.set(`hub:lease:${key}`, this.link.instanceId, 'PX', ttlMs, 'NX');
      return taken === 'OK';
    } catch {
      return true;
    }
  }
}
