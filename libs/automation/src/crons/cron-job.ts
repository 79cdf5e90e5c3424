import type { HookSource } from '@hub/messages';

/** A scheduled job from config (`cron.NAME`) or a script (`hub.cron(...)`). */
export interface CronJob {
  name: string;
  source: Exclude<HookSource, 'api'>;
  expression: string;
  actions: string[];
  location: string;
  run(): Promise<unknown>;
}
