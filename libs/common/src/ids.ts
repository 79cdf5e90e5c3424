import { randomBytes } from 'node:crypto';

/** A random 32-hex id, the form platypush uses for request and event ids. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}
