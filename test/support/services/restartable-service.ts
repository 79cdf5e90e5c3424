import { rmSync } from 'node:fs';

import type { ServiceProcess } from './service-process';

/**
 * A service binary a test runs in its own temp dir on a free loopback port it keeps, so the test
 * can stop or crash it and start it again where the hub expects it. Subclasses write the
 * config (in `prepare`) and say how to launch the binary; the pid bookkeeping is here.
 */
export abstract class RestartableService {
  readonly host = '127.0.0.1';
  private process: ServiceProcess | null = null;

  protected constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  /** Spawns the binary and resolves once it accepts connections. */
  protected abstract launch(): Promise<ServiceProcess>;

  /** Runs after each launch, before `start()` resolves (mpd: its database is read). */
  protected async whenStarted(): Promise<void> {}

  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  /** Starts it on its port; a no-op while it runs. */
  async start(): Promise<void> {
    if (this.process) return;
    this.process = await this.launch();
    await this.whenStarted();
  }

  /** Graceful stop (SIGTERM). */
  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = null;
  }

  /** Crash (SIGKILL). */
  async kill(): Promise<void> {
    await this.process?.stop('SIGKILL');
    this.process = null;
  }

  /** Stops it and deletes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
