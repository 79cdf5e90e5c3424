import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type PostgresServer, startPostgres } from './services/postgres';
import { type RedisServer, startRedis } from './services/redis';
import { spawnBuiltHub, type SpawnedHub } from './test-hub';

/** The global token every instance of a test cluster is configured with. */
export const CLUSTER_TOKEN = 'cluster-tests-global-token';
export const AS_CLUSTER_OWNER = { 'x-token': CLUSTER_TOKEN };

export interface ClusterNode extends SpawnedHub {
  name: string;
  dir: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
}

export interface Cluster {
  postgres: PostgresServer;
  redis: RedisServer;
  databaseUrl: string;
  nodes: ClusterNode[];
  /** Starts one more instance on the same database and Redis. */
  add(name: string): Promise<ClusterNode>;
  /** Stops every instance and both services, and removes their directories. */
  destroy(): Promise<void>;
}

/**
 * N built hubs (real processes, `npm run build` first), each with its own config dir and
 * workdir, all on one real PostgreSQL database and one real redis-server: what §10 of api.md
 * calls a cluster. `config` is added to every instance's config.yaml.
 */
export async function startCluster(size: number, config = ''): Promise<Cluster> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const databaseUrl = await postgres.createDatabase('hub');
  const dirs: string[] = [];
  const nodes: ClusterNode[] = [];
  const add = async (name: string): Promise<ClusterNode> => {
    const dir = mkdtempSync(join(tmpdir(), `hub-cluster-${name}-`));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'config.yaml'),
      [
        `device_id: ${name}`,
        `token: ${CLUSTER_TOKEN}`,
        'db:',
        `  url: ${databaseUrl}`,
        'redis:',
        `  url: ${redis.url}`,
        'backend.http:',
        '  port: 0',
        'auth:',
        '  bcrypt_cost: 4',
        'logging:',
        `  level: ${process.env.HUB_TEST_LOG_LEVEL ?? 'warn'}`,
        config,
      ].join('\n'),
    );
    const hub = await spawnBuiltHub(['--config', 'config.yaml'], dir);
    const node: ClusterNode = {
      ...hub,
      name,
      dir,
      fetch: (path, init) => fetch(`${hub.url}${path}`, init),
      stop: async () => {
        if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGTERM');
        await hub.exited;
      },
      kill: async () => {
        if (hub.child.exitCode === null && hub.child.signalCode === null) hub.child.kill('SIGKILL');
        await hub.exited;
      },
    };
    nodes.push(node);
    return node;
  };
  try {
    // Started together: they also race for the migrations and the JWT secret.
    await Promise.all(Array.from({ length: size }, (_, i) => add(`hub-${String.fromCharCode(97 + i)}`)));
  } catch (err) {
    await Promise.all(nodes.map((n) => n.kill()));
    await Promise.all([postgres.destroy(), redis.stop()]);
    throw err;
  }
  nodes.sort((a, b) => a.name.localeCompare(b.name));
  return {
    postgres,
    redis,
    databaseUrl,
    nodes,
    add,
    destroy: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      await Promise.all([postgres.destroy(), redis.stop()]);
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
