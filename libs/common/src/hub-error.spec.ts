import { describe, expect, it } from 'vitest';

import { ErrorCode, HubError } from './hub-error';

describe('HubError stack traces', () => {
  it('skips the stack of a client error (4xx) and leaves the global limit as it was', () => {
    const before = Error.stackTraceLimit;
    const err = HubError.notFound('No hook named guess');
    expect(err.status).toBe(404);
    expect(err.stack).not.toContain('\n    at ');
    expect(err.message).toBe('No hook named guess');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('plain').stack).toContain('\n    at ');
  });

  it('keeps the stack of a server error (5xx), where it says what went wrong', () => {
    const err = new HubError(ErrorCode.Internal, 'the database went away');
    expect(err.status).toBe(500);
    expect(err.stack).toContain('\n    at ');
  });
});
