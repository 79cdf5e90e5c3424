import type { z } from 'zod';

import { HubError } from './hub-error';

/** One problem with an input (a body, a query, a definition), by path inside it. */
export interface InputIssue {
  path: Array<string | number>;
  message: string;
}

/** zod's issues as InputIssues: the one place that converts them. */
export function inputIssues(error: { issues: readonly z.core.$ZodIssue[] }): InputIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
}

/** `a.b: message`; at the root, `rootLabel: message` or the message alone. */
export function formatIssue(issue: InputIssue, rootLabel?: string): string {
  const path = issue.path.join('.') || rootLabel;
  return path ? `${path}: ${issue.message}` : issue.message;
}

export interface InvalidInputOptions {
  /** Names the input at the root of the path (`(args)`); default: the bare message. */
  rootLabel?: string;
  /** Put before the joined problems in the message (`Invalid hook: `). */
  prefix?: string;
}

/** A 400 listing every issue: `details` one line each, the message all of them joined. */
export function invalidInput(issues: InputIssue[], options: InvalidInputOptions = {}): HubError {
  const details = issues.map((issue) => formatIssue(issue, options.rootLabel));
  return HubError.badRequest(`${options.prefix ?? ''}${details.join('; ')}`, details);
}

/**
 * The one way to validate a body, a query or a socket payload: the schema's output, or a 400
 * naming each failing field. Controllers and the socket gateway call this (through their
 * parsers); nothing hand-rolls a list of problems.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: InvalidInputOptions = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(inputIssues(result.error), options);
}
