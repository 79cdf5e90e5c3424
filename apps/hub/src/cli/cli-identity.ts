import type { Identity } from '@hub/auth';

/**
 * Who the CLI acts as: the owner, like the global token. Whoever can run it can read the
 * database and the signing secret anyway; the hub's rules (the last administrator cannot be
 * deleted, a scoped token never administers) still apply.
 */
export const CLI_IDENTITY: Identity = Object.freeze({ method: 'global_token', user: null, scopes: null });
