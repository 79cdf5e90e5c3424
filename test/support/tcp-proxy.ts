import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: what the browser opens instead of the hub's own address. */
  url: string;
  /** Where connections go; change it to follow a hub that restarted on another port. */
  target: URL;
  /** A network drop: every open connection is cut, and new ones are refused until `restore()`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A plain TCP relay in front of a hub (HTTP, socket.io polling and WebSocket alike), so that a
 * test can drop the browser's network or restart the hub behind a stable address.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  const proxy: Partial<TcpProxy> = { target: new URL(target) };
  const server = createServer((client) => {
    if (down) return void client.destroy();
    const upstream = connect(Number(proxy.target!.port), proxy.target!.hostname);
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    cut: () => {
      down = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore: () => {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  }) as TcpProxy;
}
