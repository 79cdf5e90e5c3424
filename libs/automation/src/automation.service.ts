import { Inject, Injectable, Optional } from '@nestjs/common';
import { Cron } from 'croner';

import { ClusterLease } from '@hub/cluster';
import { createLogger } from '@hub/common';
import { ConfigError, HUB_CONFIG, type HubConfig } from '@hub/config';
import { EVENT_BUS, type EventBus } from '@hub/events';
import type { EventFields, HubEvent } from '@hub/messages';
import { HubMetrics } from '@hub/metrics';
import { ACTION_DISPATCHER, type ActionDispatcher } from '@hub/plugins';

import { compileAutomationConfig } from './automation-config';
import type { CronJob } from './crons/cron-job';
import { cronPattern } from './crons/cron-spec';
import type { Hook } from './hooks/hook';
import { type HookOutcome, runHooks } from './hooks/hook-outcome';
import { HookIndex } from './matching/hook-index';
import type { Procedure } from './procedures/procedure';
import type { StepRuntime } from './steps/step-runner';

/** Procedures may run long (sleeps, loops): this is how long a caller waits for one. */
const PROCEDURE_TIMEOUT_SECONDS = 3600;
/** How long a cron tick's lease is kept: longer than any two instances' timers can drift apart. */
const CRON_LEASE_MS = 60_000;
const NO_HOOKS: Promise<HookOutcome> = Promise.resolve({ kind: 'none' });

/**
 * The automation engine: the live hooks (indexed by event type), procedures (registered as
 * actions `procedure.NAME`) and cron jobs, whatever their source. Hooks run on every bus event,
 * except WebhookEvents dispatched here, whose hooks run directly (see dispatchWebhook).
 */
@Injectable()
export class AutomationService {
  private readonly log = createLogger('Automation');
  readonly index = new HookIndex();
  private readonly procedures = new Map<string, { procedure: Procedure; unregister: () => void }>();
  private readonly crons = new Map<string, { job: CronJob; timer: Cron }>();
  /** The bus listener, by identity: dispatchWebhook() posts with `except` set to it. */
  private readonly listener = (event: HubEvent): void => void this.runMatching(event);
  private unsubscribe: (() => void) | null = null;
  readonly runtime: StepRuntime;

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(ACTION_DISPATCHER) private readonly dispatcher: ActionDispatcher,
    @Inject(ClusterLease) private readonly lease: ClusterLease,
    @Optional() @Inject(HubMetrics) private readonly metrics: HubMetrics | null = null,
  ) {
    this.runtime = {
      run: (action, args) => this.dispatcher.execute({ action, args }, { internal: true }),
      constants: config.automation.constants,
      log: createLogger('Steps'),
    };
  }

  /** Makes the config's procedures, hooks and crons live and starts listening to the bus. */
  start(): void {
    const compiled = compileAutomationConfig(this.config.automation, this.config.locate, () => this.runtime);
    if (compiled.issues.length > 0) throw new ConfigError(compiled.issues);
    for (const procedure of compiled.procedures) this.addProcedure(procedure);
    for (const hook of compiled.hooks) this.addHook(hook);
    for (const job of compiled.crons) this.addCron(job);
    // Hooks run on the instance that posted the event: once in a cluster, not once per instance.
    this.unsubscribe = this.bus.subscribe(this.listener, { localOnly: true });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const { timer } of this.crons.values()) timer.stop();
    this.crons.clear();
  }

  // --- hooks -------------------------------------------------------------------------------

  /** Makes a hook live; throws when the name is taken. */
  addHook(hook: Hook): void {
    const existing = this.index.get(hook.name);
    if (existing)
      throw new Error(`hook '${hook.name}' already exists (${existing.source}, ${existing.location})`);
    this.index.add(hook);
  }

  removeHook(name: string): Hook | undefined {
    return this.index.remove(name);
  }

  /**
   * Runs the hooks for a webhook call and returns their outcome; the WebhookEvent is also
   * posted for every other listener. The outcome never depends on when (or whether) the bus
   * delivers: the EventBus promises delivery, not timing.
   */
  dispatchWebhook(fields: EventFields<'WebhookEvent'>): Promise<HookOutcome> {
    const event = this.bus.post('WebhookEvent', fields, { except: this.listener });
    return this.runMatching(event);
  }

  /** Starts the hooks whose condition matches the event; resolves with their outcome. */
  private runMatching(event: HubEvent): Promise<HookOutcome> {
    const candidates = this.index.candidates(String(event.args.type));
    if (candidates.length === 0) return NO_HOOKS;
    const args = event.args as Record<string, unknown>;
    const matched = candidates.filter((hook) => hook.condition.match(args) !== null);
    return runHooks(matched, event, this.log, (hook, failed) =>
      this.metrics?.hookRan(hook, failed ? 'failed' : 'success'),
    );
  }

  // --- procedures --------------------------------------------------------------------------

  addProcedure(procedure: Procedure): void {
    const action = `procedure.${procedure.name}`;
    if (this.procedures.has(procedure.name) || this.dispatcher.has(action)) {
      const existing = this.procedures.get(procedure.name)?.procedure;
      throw new Error(
        `procedure '${procedure.name}' already exists${existing ? ` (${existing.location})` : ''}`,
      );
    }
    const unregister = this.dispatcher.registerDynamic(action, {
      doc: `Procedure ${procedure.name}(${procedure.params.join(', ')}) from ${procedure.location}`,
      timeoutSeconds: PROCEDURE_TIMEOUT_SECONDS,
      // Its steps run as the owner, so it is only as open as the strictest action it calls;
      // what a script's code calls cannot be known, so script procedures stay admin-only.
      calls: procedure.source === 'config' ? procedure.actions : undefined,
      run: (args) => procedure.run(args),
    });
    this.procedures.set(procedure.name, { procedure, unregister });
  }

  removeProcedure(name: string): void {
    this.procedures.get(name)?.unregister();
    this.procedures.delete(name);
  }

  listProcedures(): Procedure[] {
    return [...this.procedures.values()].map((p) => p.procedure);
  }

  // --- crons -------------------------------------------------------------------------------

  addCron(job: CronJob): void {
    if (this.crons.has(job.name)) throw new Error(`cron '${job.name}' already exists`);
    const timezone = this.config.automation.timezone;
    const timer = new Cron(
      cronPattern(job.expression),
      { protect: true, ...(timezone ? { timezone } : {}) },
      async () => {
        try {
          // Every instance's timer fires; the one that takes this tick's lease runs it. Ticks are
          // named by their second (the timers fire within milliseconds of it), held for a minute.
          const tick = Math.round(Date.now() / 1000);
          if (!(await this.lease.acquire(`cron:${job.name}:${tick}`, CRON_LEASE_MS))) return;
          await job.run();
        } catch (err) {
          this.log.error({ cron: job.name, err }, 'cron job failed');
        }
      },
    );
    this.crons.set(job.name, { job, timer });
  }

  removeCron(name: string): void {
    this.crons.get(name)?.timer.stop();
    this.crons.delete(name);
  }

  listCrons(): Array<CronJob & { nextRun: Date | null }> {
    return [...this.crons.values()].map(({ job, timer }) => ({ ...job, nextRun: timer.nextRun() }));
  }
}
