import type { ConfigIssue } from '../config-error';
import type { ConfigCron, ConfigHook, ConfigProcedure, PluginSection, Section } from '../hub-config';
import {
  cronSchema,
  hookSchema,
  pluginSectionSchema,
  procedureSchema,
  ROOT_SCHEMAS,
  type RootKey,
} from '../schema/root.schema';
import type { SchemaCheck } from './schema-check';

/** What the root keys of config.yaml hold, each validated against its schema. */
export interface RootParts {
  sections: Partial<{ [K in RootKey]: Section<K> }>;
  hooks: Record<string, ConfigHook>;
  procedures: Record<string, ConfigProcedure>;
  crons: Record<string, ConfigCron>;
  plugins: Record<string, PluginSection>;
}

export interface RootContext {
  check: SchemaCheck;
  issues: ConfigIssue[];
  warnings: string[];
  locate(path: ReadonlyArray<string | number>): string;
}

const PLUGIN_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
/** platypush also writes `procedure.sync.NAME` / `procedure.async.NAME`: the name is NAME. */
const PROCEDURE_KEY = /^procedure\.(?:(?:sync|async)\.)?([A-Za-z_][A-Za-z0-9_.]*)(?:\(([^)]*)\))?$/;
const HOOK_KEY = /^event\.hook\.([A-Za-z0-9_.-]+)$/;
const CRON_KEY = /^cron\.([A-Za-z0-9_.-]+)$/;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Sorts every root key into its kind (fixed section, hook, procedure, cron, plugin section) and
 * validates it. A key that is none of these is an error.
 */
export function readRootKeys(raw: Record<string, unknown>, ctx: RootContext): RootParts {
  const parts: RootParts = { sections: {}, hooks: {}, procedures: {}, crons: {}, plugins: {} };
  for (const [key, value] of Object.entries(raw)) {
    let match: RegExpExecArray | null;
    if (isDisabledDefinition(key, value)) continue;
    if (key in ROOT_SCHEMAS) readSection(parts, key as RootKey, value, ctx);
    else if ((match = HOOK_KEY.exec(key))) readHook(parts, key, match[1], value, ctx);
    else if ((match = PROCEDURE_KEY.exec(key))) readProcedure(parts, key, match[1], match[2], value, ctx);
    else if ((match = CRON_KEY.exec(key))) readCron(parts, key, match[1], value, ctx);
    else if (key.startsWith('backend.'))
      ctx.warnings.push(`${key} (${ctx.locate([key])}): backend not supported by hub, section ignored`);
    else if (PLUGIN_NAME.test(key)) readPluginSection(parts, key, value, ctx);
    else ctx.issues.push({ path: key, at: [key], message: 'unknown key' });
  }
  return parts;
}

/**
 * A hook, procedure or cron with `disabled: true` is skipped unread, as platypush skips every
 * disabled section (so a user can park a definition this hub cannot run). Plugin sections keep
 * theirs: they are still validated, and show up as disabled.
 */
function isDisabledDefinition(key: string, value: unknown): boolean {
  if (!HOOK_KEY.test(key) && !PROCEDURE_KEY.test(key) && !CRON_KEY.test(key)) return false;
  return value !== null && typeof value === 'object' && (value as { disabled?: unknown }).disabled === true;
}

function readSection(parts: RootParts, key: RootKey, value: unknown, ctx: RootContext): void {
  (parts.sections as Record<string, unknown>)[key] = ctx.check(ROOT_SCHEMAS[key], value, key);
}

function readHook(parts: RootParts, key: string, name: string, value: unknown, ctx: RootContext): void {
  const hook = ctx.check(hookSchema, value, key);
  if (!hook) return;
  const { disabled: _disabled, ...definition } = hook;
  parts.hooks[name] = { name, ...definition, location: ctx.locate([key]) };
}

function readProcedure(
  parts: RootParts,
  key: string,
  name: string,
  paramList: string | undefined,
  value: unknown,
  ctx: RootContext,
): void {
  const steps = ctx.check(procedureSchema, value, key);
  const params = (paramList ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = params.find((p) => !PARAM_NAME.test(p));
  if (bad) ctx.issues.push({ path: key, at: [key], message: `invalid parameter name '${bad}'` });
  else if (steps) parts.procedures[name] = { name, key, params, steps, location: ctx.locate([key]) };
}

function readCron(parts: RootParts, key: string, name: string, value: unknown, ctx: RootContext): void {
  const cron = ctx.check(cronSchema, value, key);
  if (!cron) return;
  const { disabled: _disabled, ...definition } = cron;
  parts.crons[name] = { name, ...definition, location: ctx.locate([key]) };
}

function readPluginSection(parts: RootParts, key: string, value: unknown, ctx: RootContext): void {
  const section = ctx.check(pluginSectionSchema, value, key);
  if (section === undefined) return;
  const { enabled, disabled, ...options } = section ?? {};
  parts.plugins[key] = {
    enabled: enabled ?? (disabled === undefined ? true : !disabled),
    options,
    location: ctx.locate([key]),
  };
}
