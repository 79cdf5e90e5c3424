import type { Logger } from 'pino';

import type { HubEvent } from '@hub/messages';

import type { Hook } from './hook';

/** How the hooks for one event ended, as seen by a webhook caller. */
export type HookOutcome =
  | { kind: 'answer'; hook: string; value: unknown }
  /** No hook answered (all finished, or none matched). */
  | { kind: 'none' }
  /** No hook answered and at least one threw. */
  | { kind: 'failed' };

/** Told when each hook has finished (for `hub_hook_runs_total`). */
export type HookFinished = (hook: string, failed: boolean) => void;

/**
 * Starts every matched hook at once (priority order) and resolves with the first answer, or
 * once all have finished without one. Hooks keep running after the answer is given.
 */
export function runHooks(
  hooks: readonly Hook[],
  event: HubEvent,
  log: Logger,
  finished: HookFinished = () => {},
): Promise<HookOutcome> {
  if (hooks.length === 0) return Promise.resolve({ kind: 'none' });
  return new Promise((resolve) => {
    let answered = false;
    let failed = false;
    let pending = hooks.length;
    for (const hook of hooks) {
      const answer = (value: unknown) => {
        if (answered) return;
        answered = true;
        resolve({ kind: 'answer', hook: hook.name, value });
      };
      let running: Promise<void>;
      try {
        running = hook.run(event, answer);
      } catch (err) {
        running = Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      running
        .then(
          () => finished(hook.name, false),
          (err: unknown) => {
            failed = true;
            finished(hook.name, true);
            log.error({ hook: hook.name, source: hook.source, err, seq: event.seq }, 'hook failed');
          },
        )
        .finally(() => {
          if (--pending === 0 && !answered) resolve(failed ? { kind: 'failed' } : { kind: 'none' });
        });
    }
  });
}
