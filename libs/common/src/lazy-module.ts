import { createRequire } from 'node:module';

const load = createRequire(__filename);

/**
 * A package loaded on its first use rather than at start: the clients that only some configs
 * need (MQTT, Redis, feeds, system metrics) took about 130 ms of every start and their memory,
 * also on hubs that never use them. Import its types with `import type`.
 */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(id) as T);
}
