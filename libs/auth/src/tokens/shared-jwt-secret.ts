import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DataSource } from 'typeorm';

import { createLogger } from '@hub/common';
import { HubMetaEntity } from '@hub/database';

import { JWT_SECRET_FILE } from './jwt-secret';

const log = createLogger('Auth');
const KEY = 'jwt_secret';

/**
 * The HS256 key of a cluster: on PostgreSQL every instance signs with the same key, kept in
 * `hub_meta` (the first instance to start creates it; the others read it). A `jwt.secret` file
 * left by a single-instance hub is adopted, so its tokens keep working after the move.
 */
export async function loadOrCreateSharedJwtSecret(
  dataSource: DataSource,
  workdir: string,
): Promise<KeyObject> {
  const repo = dataSource.getRepository(HubMetaEntity);
  let row = await repo.findOneBy({ key: KEY });
  if (!row) {
    const file = join(workdir, JWT_SECRET_FILE);
    const adopted = existsSync(file);
    const value = adopted ? readFileSync(file, 'utf8').trim() : randomBytes(64).toString('base64');
    // Instances starting together race here: the first insert wins and everyone reads it back.
    await repo.createQueryBuilder().insert().values({ key: KEY, value }).orIgnore().execute();
    row = await repo.findOneByOrFail({ key: KEY });
    if (row.value === value)
      log.info(adopted ? 'JWT secret moved into the database' : 'generated a new JWT signing secret');
  }
  const key = Buffer.from(row.value, 'base64');
  if (key.length < 32) throw new Error(`hub_meta.${KEY} holds a key shorter than 32 bytes`);
  return createSecretKey(key);
}
