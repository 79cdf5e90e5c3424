import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

import type { HubConfig } from '@hub/config';

/** Options for the HTTPS server (and WSS, which shares it). */
export interface HubTlsOptions {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

/**
 * Reads the certificate, key and optional CA, and checks they load together, so a wrong file
 * fails the start with the config keys and paths named instead of a bare OpenSSL code.
 */
export function loadTlsOptions(tls: NonNullable<HubConfig['http']['tls']>): HubTlsOptions {
  const options: HubTlsOptions = {
    cert: readFileSync(tls.cert),
    key: readFileSync(tls.key),
    ...(tls.ca ? { ca: readFileSync(tls.ca) } : {}),
  };
  try {
    createSecureContext(options);
  } catch (err) {
    const files = [`ssl_cert ${tls.cert}`, `ssl_key ${tls.key}`, ...(tls.ca ? [`ssl_cafile ${tls.ca}`] : [])];
    throw new Error(
      `backend.http TLS files do not load (${files.join(', ')}): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return options;
}
