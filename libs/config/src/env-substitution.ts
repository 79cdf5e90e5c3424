import { parse as parseYamlScalar } from 'yaml';

import type { ConfigIssue } from './config-error';

/** `${NAME}` or `${NAME:-default}`; lower-case `${...}` is the automation expression language. */
const ENV_REF = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE_ENV_REF = /^\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}$/;

/** Paths under which an unset variable is left alone: it may be an expression evaluated later. */
function isAutomationStep(path: ReadonlyArray<string | number>): boolean {
  const top = String(path[0]);
  if (top.startsWith('procedure.')) return true;
  if (top.startsWith('event.hook.')) return path[1] === 'then';
  if (top.startsWith('cron.')) return path[1] === 'actions';
  return false;
}

/**
 * Replaces `${ENV_VAR}` in string values. A value that is only a reference takes the variable's
 * YAML type (`port: ${PORT}` gives a number). Unset variables without a default are errors.
 */
export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
  path: Array<string | number> = [],
): unknown {
  if (typeof value === 'string') return substituteString(value, env, issues, path);
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, issues, [...path, i]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env, issues, [...path, k]);
    return out;
  }
  return value;
}

function substituteString(
  value: string,
  env: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
  path: Array<string | number>,
): unknown {
  if (!value.includes('${')) return value;
  const whole = WHOLE_ENV_REF.exec(value);
  if (whole) {
    const resolved = env[whole[1]] ?? whole[2];
    if (resolved === undefined) return unset(whole[1], value, issues, path);
    const typed: unknown = parseYamlScalar(resolved);
    return typed !== null && typeof typed !== 'object' ? typed : resolved;
  }
  return value.replace(ENV_REF, (ref, name: string, fallback: string | undefined) => {
    const resolved = env[name] ?? fallback;
    if (resolved === undefined) return String(unset(name, ref, issues, path));
    return resolved;
  });
}

function unset(name: string, original: string, issues: ConfigIssue[], path: Array<string | number>): string {
  if (!isAutomationStep(path)) {
    issues.push({
      path: path.join('.'),
      at: [...path],
      message: `environment variable ${name} is not set (use \${${name}:-default} for a default)`,
    });
  }
  return original;
}
