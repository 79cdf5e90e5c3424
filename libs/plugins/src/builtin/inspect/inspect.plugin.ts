import { Inject } from '@nestjs/common';
import { z } from 'zod';

import { Action, Plugin } from '../../plugin.decorators';
import { PluginRegistry } from '../../plugin-registry';

const actionDescription = z.object({
  name: z.string(),
  action: z.string(),
  doc: z.string(),
  args: z.unknown(),
  returns: z.unknown(),
  timeout_seconds: z.number(),
});
/** The shape shared with `GET /api/v1/plugins`. */
export const pluginDescriptionSchema = z.object({
  name: z.string(),
  enabled: z.boolean(),
  doc: z.string(),
  config: z.unknown(),
  actions: z.array(actionDescription),
});

/** Introspection from inside: what plugins and actions exist. */
@Plugin({ name: 'inspect', doc: 'Introspection: the plugins and actions of this hub.', role: 'admin' })
export class InspectPlugin {
  constructor(@Inject(PluginRegistry) private readonly registry: PluginRegistry) {}

  @Action({
    doc: 'Every plugin with its actions and their JSON Schemas (same data as GET /api/v1/plugins).',
    args: z.strictObject({}),
    returns: z.array(pluginDescriptionSchema),
  })
  get_all_plugins() {
    return this.registry.describe();
  }
}
