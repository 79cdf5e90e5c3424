import { describe, expect, it } from 'vitest';
import { saveOutcome } from './save-outcome';

describe('saveOutcome', () => {
  it('puts each "path: message" of a 400 at the first segment of its path', () => {
    const outcome = saveOutcome(400, false, {
      code: 400,
      error: 'bad_request',
      message: 'scopes.1: scopes are action patterns; name: Too small; scopes.3: too long',
    });
    expect(outcome.fields).toEqual({ scopes: 'scopes are action patterns; too long', name: 'Too small' });
    expect(outcome.message).toBe('scopes.1: scopes are action patterns; name: Too small; scopes.3: too long');
  });

  it('prefers details when the body carries them', () => {
    const outcome = saveOutcome(400, false, { message: 'two problems', details: ['password: too short'] });
    expect(outcome.fields).toEqual({ password: 'too short' });
  });

  it('keeps a message without a field (403, 409) as the message only', () => {
    const outcome = saveOutcome(409, false, {
      code: 409,
      error: 'conflict',
      message: "User 'a' already exists",
    });
    expect(outcome.fields).toEqual({});
    expect(outcome.message).toBe("User 'a' already exists");
  });

  it('says nothing went wrong for a 2xx', () => {
    expect(saveOutcome(201, true, { id: 1 })).toEqual({
      ok: true,
      status: 201,
      body: { id: 1 },
      message: undefined,
      fields: {},
    });
  });
});
