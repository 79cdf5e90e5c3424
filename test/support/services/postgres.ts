import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './free-port';
import { postgresQuery } from './postgres-query';
import { asUser, type ServiceProcess, startService } from './service-process';

const BIN = '/usr/lib/postgresql/15/bin';
const USER = 'postgres';
const run = promisify(execFile);

export interface PostgresServer {
  port: number;
  /** `postgres://hub@127.0.0.1:PORT/<database>`. */
  url(database?: string): string;
  /** A new, empty database; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Runs SQL on `database` (default `postgres`) and returns the rows. */
  query<T = Record<string, unknown>>(sql: string, database?: string): Promise<T[]>;
  /** The running server process (its pid changes across restarts). */
  process(): ServiceProcess;
  /** Stops the server (fast shutdown), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

let databases = 0;

/**
 * A real PostgreSQL 15 from Debian on a free loopback port, in a scratch data dir (run as the
 * `postgres` user when we are root; it refuses root). Durability is off: tests don't need fsync.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const root = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  const sockets = join(root, 'sockets');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(sockets);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? USER : userInfo().username;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', USER]);
    const uid = Number(stdout.trim());
    const gid = Number((await run('id', ['-g', USER])).stdout.trim());
    chownSync(data, uid, gid);
    chownSync(sockets, uid, gid);
  }
  const [initdb, initArgs] = asUser(owner, join(BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'hub',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
    '--no-instructions',
  ]);
  await run(initdb, initArgs);

  const port = await freePort();
  const url = (database = 'postgres') => `postgres://hub@127.0.0.1:${port}/${database}`;
  let current: ServiceProcess | null = null;
  const start = async () => {
    const [postgres, args] = asUser(owner, join(BIN, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      sockets,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'shared_buffers=32MB',
      '-c',
      'max_connections=300',
    ]);
    current = await startService(postgres, args, /database system is ready to accept connections/);
  };
  const stop = async () => {
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, no wait for them to leave.
    await current?.stop('SIGINT');
    current = null;
  };
  const query = <T>(sql: string, database = 'postgres') => postgresQuery<T>(url(database), sql);
  await start();
  return {
    port,
    url,
    query,
    createDatabase: async (name = `hub_${process.pid}_${++databases}`) => {
      await query(`CREATE DATABASE "${name}"`);
      return url(name);
    },
    process: () => {
      if (!current) throw new Error('postgres is not running');
      return current;
    },
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
