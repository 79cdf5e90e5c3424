import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';

import { HUB_CONFIG, type HubConfig } from '@hub/config';

/** bcrypt on the libuv thread pool, so hashing never blocks the event loop. */
@Injectable()
export class PasswordHasher {
  /** Compared against when the user does not exist, so timing does not reveal usernames. */
  private dummyHash: Promise<string> | null = null;

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.auth.bcrypt_cost);
  }

  verify(password: string, hash: string | null): Promise<boolean> {
    if (hash) return bcrypt.compare(password, hash);
    this.dummyHash ??= this.hash('not a real password');
    return this.dummyHash.then((dummy) => bcrypt.compare(password, dummy)).then(() => false);
  }
}
