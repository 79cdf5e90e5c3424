import type { JwtModuleOptions } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';

import type { HubConfig } from '@hub/config';

import { loadOrCreateJwtSecret } from './jwt-secret';
import { loadOrCreateSharedJwtSecret } from './shared-jwt-secret';

/**
 * JwtService's options: HS256 only, with the hub's key. The key is a KeyObject, never a string
 * (given a string, jsonwebtoken first tries it as a PEM public key, ~350 µs a call), loaded once
 * here. One process keeps it in `<workdir>/jwt.secret`; instances sharing PostgreSQL share it
 * through the database.
 */
export async function jwtOptions(config: HubConfig, dataSource: DataSource): Promise<JwtModuleOptions> {
  const key =
    dataSource.options.type === 'postgres'
      ? await loadOrCreateSharedJwtSecret(dataSource, config.workdir)
      : loadOrCreateJwtSecret(config.workdir);
  return {
    secretOrKeyProvider: () => key,
    signOptions: { algorithm: 'HS256' },
    verifyOptions: { algorithms: ['HS256'] },
  };
}
