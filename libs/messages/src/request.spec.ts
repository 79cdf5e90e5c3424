import { describe, expect, it } from 'vitest';

import { parseRequest } from './request';

const problems = (body: unknown): string[] => {
  try {
    parseRequest(body);
  } catch (err) {
    return (err as { details: string[] }).details;
  }
  return [];
};

describe(parseRequest.name, () => {
  it('accepts a minimal request and fills in args', () => {
    expect(parseRequest({ action: 'util.sleep' })).toEqual({
      type: 'request',
      action: 'util.sleep',
      args: {},
      id: undefined,
      timeout: undefined,
    });
  });

  it('keeps the args object as sent', () => {
    const args = { seconds: 0 };
    expect(parseRequest({ type: 'request', action: 'util.sleep', args, id: 'a', timeout: 2 }).args).toBe(
      args,
    );
  });

  it('lists every problem, field by field, in field order', () => {
    expect(problems({ type: 'x', args: [], id: '', timeout: -1 })).toEqual([
      `type: expected 'request', got "x"`,
      'action: missing',
      'args: expected an object',
      'id: expected a string of 1-128 characters',
      'timeout: expected a positive number of seconds',
    ]);
    expect(problems({ action: 'nodot' })).toEqual([`action: expected 'plugin.action', got "nodot"`]);
  });

  it('refuses what is not an object', () => {
    for (const body of [null, [], 'x', 1])
      expect(problems(body)).toEqual(['The request body must be a JSON object']);
  });
});
