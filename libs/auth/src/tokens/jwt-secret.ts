import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createLogger } from '@hub/common';

const log = createLogger('Auth');

export const JWT_SECRET_FILE = 'jwt.secret';

/**
 * The HS256 signing key, generated on first start into `<workdir>/jwt.secret` (0600). Returned as
 * a KeyObject: given a string, jsonwebtoken first tries it as a PEM public key (~350 µs a call).
 */
export function loadOrCreateJwtSecret(workdir: string): KeyObject {
  mkdirSync(workdir, { recursive: true, mode: 0o700 });
  const path = join(workdir, JWT_SECRET_FILE);
  let encoded: string;
  try {
    encoded = readFileSync(path, 'utf8').trim();
    if ((statSync(path).mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      log.warn({ path }, 'jwt.secret was readable by others; permissions reset to 0600');
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    encoded = randomBytes(64).toString('base64');
    // `wx`: if another instance created it meanwhile, fail and read theirs instead.
    try {
      writeFileSync(path, `${encoded}\n`, { mode: 0o600, flag: 'wx' });
      log.info({ path }, 'generated a new JWT signing secret');
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code !== 'EEXIST') throw writeErr;
      encoded = readFileSync(path, 'utf8').trim();
    }
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 32) throw new Error(`${path} holds a key shorter than 32 bytes; delete it to regenerate`);
  return createSecretKey(key);
}
