import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { pickEncoding } from './content-encoding';
import { locateWebappDist, readWebappDist, type WebappAsset } from './webapp-dist';
import { IMMUTABLE, INDEX_HEADERS } from './webapp-policy';

/**
 * The built webapp (`webapp/dist`), held in memory, sent with the right caching and encoding.
 * Exported so that other HTML routes of the same SPA (`/dashboard/<name>`) can send index.html.
 */
@Injectable()
export class WebappFiles {
  private assets: Map<string, WebappAsset> | null = null;

  constructor(private readonly dist: string | null = locateWebappDist()) {}

  /** A built file by its path below /ui/ (`assets/index-3f2a.js`), or undefined. */
  asset(path: string): WebappAsset | undefined {
    return this.load().get(path);
  }

  /** index.html with the page headers (CSP, no-cache); 503 while the webapp is not built. */
  sendIndex(request: FastifyRequest, reply: FastifyReply): void {
    const index = this.load().get('index.html');
    if (!index) {
      void reply
        .status(503)
        .headers({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
        .send('The web panel is not built: run `npm run build` (npm start does it).\n');
      return;
    }
    this.send(request, reply, index, INDEX_HEADERS);
  }

  /** A static file: hashed assets are immutable, the rest revalidate by ETag. */
  sendAsset(request: FastifyRequest, reply: FastifyReply, asset: WebappAsset): void {
    this.send(request, reply, asset, {
      'cache-control': asset.immutable ? IMMUTABLE : 'public, no-cache',
      'x-content-type-options': 'nosniff',
    });
  }

  private send(
    request: FastifyRequest,
    reply: FastifyReply,
    asset: WebappAsset,
    headers: Record<string, string>,
  ): void {
    const encoding = pickEncoding(request.headers['accept-encoding'], asset);
    const body = encoding ? asset[encoding]! : asset.identity;
    const etag = encoding ? `${asset.etag.slice(0, -1)}-${encoding}"` : asset.etag;
    void reply.headers({ ...headers, 'content-type': asset.type, etag, vary: 'Accept-Encoding' });
    if (request.headers['if-none-match'] === etag) {
      void reply.status(304).send();
      return;
    }
    if (encoding) void reply.header('content-encoding', encoding);
    void reply.status(200).send(body);
  }

  private load(): Map<string, WebappAsset> {
    if (this.assets) return this.assets;
    const assets = this.dist ? readWebappDist(this.dist) : new Map<string, WebappAsset>();
    // Not cached while empty: a build made after the hub started is picked up.
    if (assets.size > 0) this.assets = assets;
    return assets;
  }
}
