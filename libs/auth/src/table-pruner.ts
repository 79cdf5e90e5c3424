import { createLogger } from '@hub/common';

const log = createLogger('Auth');
/** How often a table is pruned besides at start and when its writer asks. */
export const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Runs one table's prune at start, every hour, and when its writer asks (`soon()`, after many
 * inserts); never two at once. Later failures are logged (the table is pruned again next time).
 */
export class TablePruner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly table: string,
    private readonly prune: () => Promise<void>,
  ) {}

  /** The first prune's failure is thrown: a hub (or CLI) that cannot write its database stops. */
  async start(): Promise<void> {
    await this.prune();
    this.timer = setInterval(() => void this.soon(), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  /** Prunes now, or right after the prune under way; resolves when the table is pruned. */
  soon(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.prune();
        } catch (err) {
          log.warn({ err, table: this.table }, 'could not prune');
        }
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }
}
