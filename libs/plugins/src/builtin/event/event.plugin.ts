import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import type { ActionContext } from '../../plugin-context';

const postArgs = z
  .looseObject({ subtype: z.string().min(1).max(200) })
  .refine((v) => !('type' in v), { message: "'type' is reserved (CustomEvent)", path: ['type'] });

/** Post events from requests, hooks and procedures. */
@Plugin({ name: 'event', doc: 'Post a CustomEvent on the event bus.' })
export class EventPlugin {
  @Action({
    doc: 'Post CustomEvent {subtype, ...fields}; returns the event id.',
    args: postArgs,
    returns: z.object({ id: z.string() }),
  })
  post(args: z.output<typeof postArgs>, ctx: ActionContext) {
    const event = ctx.post('CustomEvent', args);
    return { id: event.id };
  }
}
