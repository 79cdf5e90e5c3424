import type { ClusterLink } from './cluster-link';

const CHANNEL = 'hub:changes';

/** What changed: a kind of stored thing (`hook`, `dashboard`, ...) and its name, or null for "reload all". */
export type ChangeHandler = (name: string | null) => void;

/**
 * Tells the other instances that something stored in the database changed, so they reload it
 * (run-time hooks, dashboards): live everywhere within a round trip. On one instance, or while
 * Redis is down, announce() does nothing; after a reconnect every handler is called with `null`
 * (changes announced during the outage were missed: reload everything).
 *
 * Use: after saving, `changes.announce('dashboard', name)`; at start,
 * `changes.on('dashboard', (name) => reload(name))`. Handlers never see this instance's own
 * announcements.
 */
export class ClusterChanges {
  private readonly handlers = new Map<string, Set<ChangeHandler>>();

  constructor(private readonly link: ClusterLink | null) {
    link?.on(CHANNEL, (message) => {
      const { from, kind, name } = JSON.parse(message) as { from: string; kind: string; name: string };
      if (from === link.instanceId) return;
      for (const handler of this.handlers.get(kind) ?? []) handler(name);
    });
    link?.onReconnect(() => {
      for (const set of this.handlers.values()) for (const handler of set) handler(null);
    });
  }

  announce(kind: string, name: string): void {
    if (!this.link) return;
    void this.link.publish(CHANNEL, JSON.stringify({ from: this.link.instanceId, kind, name }));
  }

  on(kind: string, handler: ChangeHandler): () => void {
    let set = this.handlers.get(kind);
    if (!set) this.handlers.set(kind, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }
}
