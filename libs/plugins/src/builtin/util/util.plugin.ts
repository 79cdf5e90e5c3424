import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext } from '../../plugin-context';

/** Small helpers for procedures and scripts. */
@Plugin({ name: 'util', doc: 'Small helpers: sleep.', aliases: ['utils'] })
export class UtilPlugin {
  @Action({
    doc: 'Wait `seconds` (0 returns at once). Subject to the action timeout (30 s unless lowered).',
    args: z.strictObject({ seconds: z.number().min(0).max(86_400) }),
    returns: z.object({ success: z.literal(true) }),
    timeoutSeconds: 86_400,
  })
  async sleep(args: { seconds: number }, ctx: ActionContext) {
    if (args.seconds === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, args.seconds * 1000);
      // Timed out: let the timer go instead of keeping it alive until it fires.
      ctx.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    });
  }
}
