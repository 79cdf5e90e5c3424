import { z } from 'zod';

import { HubError } from '@hub/common';

import { scopeAllowsAction } from '../identity';

/** One scope of an API token: an action pattern (`light.*`, `variable.get`) or `events:read`, `metrics:read`. */
export const tokenScopeSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.*:-]+$/, 'scopes are action patterns (light.*, variable.get) or events:read');

/**
 * The scopes a new token gets: those asked for, or the caller's own when none are asked (`null`
 * asks for no restriction at all). A scoped caller can only grant narrower tokens: 403 otherwise.
 */
export function grantedScopes(
  callerScopes: string[] | null,
  asked: string[] | null | undefined,
): string[] | null {
  const scopes = asked === undefined ? callerScopes : asked;
  if (callerScopes === null) return scopes;
  const wider = (scopes ?? ['*']).filter(
    (s) => !callerScopes.includes(s) && !scopeAllowsAction(callerScopes, s),
  );
  if (wider.length > 0) throw HubError.forbidden(`A scoped token cannot grant: ${wider.join(', ')}`);
  return scopes;
}
