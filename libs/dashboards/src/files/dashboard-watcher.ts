import { type FSWatcher, watch } from 'node:fs';
import { basename } from 'node:path';

import { createLogger } from '@hub/common';

const log = createLogger('Dashboards');

/** How long a burst of writes to one file (editors write, rename, chmod) is let settle. */
const SETTLE_MS = 60;

/**
 * Watches the dashboards directory and calls `onChange(name)` once a file settles. While the
 * directory does not exist it watches the config directory for it to appear, then `onAppear()`
 * (to pick up files created meanwhile). inotify-backed: changes arrive in milliseconds, not by polling.
 */
export class DashboardWatcher {
  private dirWatcher: FSWatcher | null = null;
  private parentWatcher: FSWatcher | null = null;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly parent: string,
    private readonly onChange: (name: string) => void,
    private readonly onAppear: () => void,
  ) {}

  start(): void {
    if (this.closed) return;
    try {
      this.dirWatcher = watch(this.dir, (_event, file) => {
        if (file && file.endsWith('.xml')) this.settle(file.slice(0, -4));
      });
      this.dirWatcher.on('error', () => this.restart());
      this.stopParent();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.warn({ err, dir: this.dir }, 'cannot watch the dashboards directory');
        return;
      }
      this.watchParent();
    }
  }

  close(): void {
    this.closed = true;
    this.dirWatcher?.close();
    this.stopParent();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private settle(name: string): void {
    clearTimeout(this.timers.get(name));
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        this.onChange(name);
      }, SETTLE_MS),
    );
  }

  /** The directory went away (or its watcher broke): report what vanished and wait for it again. */
  private restart(): void {
    this.dirWatcher?.close();
    this.dirWatcher = null;
    if (this.closed) return;
    this.onAppear();
    this.start();
  }

  private watchParent(): void {
    if (this.parentWatcher) return;
    try {
      this.parentWatcher = watch(this.parent, (_event, file) => {
        if (file !== basename(this.dir)) return;
        this.start();
        if (this.dirWatcher) this.onAppear();
      });
      this.parentWatcher.on('error', () => this.stopParent());
    } catch (err) {
      log.warn({ err, dir: this.parent }, 'cannot watch the config directory for dashboards/');
    }
  }

  private stopParent(): void {
    this.parentWatcher?.close();
    this.parentWatcher = null;
  }
}
