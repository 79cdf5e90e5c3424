import { z } from 'zod';

import type { PluginOptions } from './plugin.decorators';

/** Plugins without a config schema accept no options besides enabled/disabled. */
const NO_OPTIONS = z.strictObject({});

/** Validates a plugin's config section (its keys other than enabled/disabled). */
export function parsePluginOptions(
  plugin: PluginOptions,
  raw: Record<string, unknown>,
): z.ZodSafeParseResult<Record<string, unknown>> {
  return (plugin.config ?? NO_OPTIONS).safeParse(raw) as z.ZodSafeParseResult<Record<string, unknown>>;
}
