import { freePort } from './free-port';
import { type ServiceProcess, startService } from './service-process';

export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  process(): ServiceProcess;
  /** Stops the server; without persistence its data is gone. */
  stop(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
}

/** A real redis-server from Debian on a free loopback port, without persistence. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let current: ServiceProcess | null = null;
  const start = async () => {
    current = await startService(
      'redis-server',
      ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1', '--dir', '/tmp'],
      /Ready to accept connections/,
    );
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: () => {
      if (!current) throw new Error('redis-server is not running');
      return current;
    },
    stop: async () => {
      await current?.stop('SIGTERM');
      current = null;
    },
    start,
  };
}
