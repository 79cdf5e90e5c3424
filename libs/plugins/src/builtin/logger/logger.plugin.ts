import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext } from '../../plugin-context';

const logArgs = z.looseObject({ msg: z.string().max(10_000) }).describe('msg, plus any extra fields to log');
const ok = z.object({ success: z.literal(true) });
type LogArgs = z.output<typeof logArgs>;

function write(level: 'debug' | 'info' | 'warn' | 'error', args: LogArgs, ctx: ActionContext): void {
  const { msg, ...fields } = args;
  ctx.log[level]({ ...fields, caller: ctx.caller.internal ? 'automation' : 'request' }, msg);
}

/** Write to the hub's log (platypush `logger`). */
@Plugin({ name: 'logger', doc: "Write a line to the hub's JSON log." })
export class LoggerPlugin {
  @Action({ doc: 'Log at debug level.', args: logArgs, returns: ok })
  debug(args: LogArgs, ctx: ActionContext) {
    write('debug', args, ctx);
  }

  @Action({ doc: 'Log at info level.', args: logArgs, returns: ok })
  info(args: LogArgs, ctx: ActionContext) {
    write('info', args, ctx);
  }

  @Action({
    doc: 'Log at warn level (also `logger.warning`, as in platypush).',
    args: logArgs,
    returns: ok,
    aliases: ['warning'],
  })
  warn(args: LogArgs, ctx: ActionContext) {
    write('warn', args, ctx);
  }

  @Action({ doc: 'Log at error level.', args: logArgs, returns: ok })
  error(args: LogArgs, ctx: ActionContext) {
    write('error', args, ctx);
  }
}
