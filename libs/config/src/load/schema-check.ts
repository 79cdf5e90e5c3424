import type { z } from 'zod';

import type { ConfigIssue } from '../config-error';

/** Validates one root key's value; problems go to `issues` with their full path. */
export type SchemaCheck = <T extends z.ZodType>(
  schema: T,
  value: unknown,
  key: string,
) => z.output<T> | undefined;

export function schemaCheck(issues: ConfigIssue[]): SchemaCheck {
  return (schema, value, key) => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const at = [key, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      if (issue.code === 'unrecognized_keys') {
        // One issue per unknown key, pointing at that key's own line rather than its parent's.
        for (const unknown of issue.keys) {
          issues.push({ path: [...at, unknown].join('.'), at: [...at, unknown], message: 'unknown key' });
        }
        continue;
      }
      issues.push({ path: at.join('.'), at, message: describeIssue(issue, value) });
    }
    return undefined;
  };
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const got = valueAt(root, issue.path);
  const shown = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 60);
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, got ${shown}`;
    case 'too_small':
    case 'too_big':
    case 'invalid_value':
    case 'invalid_format':
    case 'invalid_union':
      return `${issue.message}, got ${shown}`;
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
