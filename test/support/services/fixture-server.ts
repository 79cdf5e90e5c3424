import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type FixtureHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What a test's HTTP server saw: each request's path and the headers conditional GETs use. */
export interface SeenRequest {
  path: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

export interface FixtureServer {
  url: string;
  requests: SeenRequest[];
  /** Replaces or adds a route while the server runs. */
  route(path: string, handler: FixtureHandler): void;
  /** Closes the server and every open connection (including ones left hanging on purpose). */
  stop(): Promise<void>;
}

/**
 * A local HTTP server the test runs for feeds, calendars and weather replies (on 127.0.0.1,
 * port 0). Unknown paths answer 404. A handler that never answers simulates a dead server.
 */
export async function startFixtureServer(
  routes: Record<string, FixtureHandler> = {},
): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({
      path,
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    const handler = table.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404).end('not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, handler) => table.set(path, handler),
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A handler answering `body` with an ETag; a matching If-None-Match gets 304. */
export function withEtag(body: () => string, contentType: string): FixtureHandler {
  return (req, res) => {
    const text = body();
    const etag = `"${Buffer.from(text).length}-${hash(text)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': contentType, etag }).end(text);
  };
}

function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
