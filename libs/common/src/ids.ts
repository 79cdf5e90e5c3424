import { randomBytes } from 'node:crypto';

const ID_BYTES = 16;
/** Ids are cut from a pool: one call into the CSPRNG per 256 ids instead of one per id. */
const POOL_BYTES = ID_BYTES * 256;
let pool = Buffer.alloc(0);
let offset = 0;

/** A random 32-hex id, the form platypush uses for request and event ids. */
export function newId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
