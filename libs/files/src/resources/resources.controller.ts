import { sep } from 'node:path';

import { send } from '@fastify/send';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { PublicWhen } from '@hub/auth';
import { ErrorCode, HubError } from '@hub/common';

import { PublicMountPolicy } from './public-mount.policy';
import { parseResourceUrl } from './request-path';
import { type MountView, ResourcesService } from './resources.service';

const READ_CHUNK = 64 * 1024;

/** Sent with every file: no MIME sniffing, and an HTML file opened directly runs in a sandbox. */
const SAFETY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': 'sandbox',
};

@Controller('resources')
export class ResourcesController {
  constructor(@Inject(ResourcesService) private readonly resources: ResourcesService) {}

  /**
   * GET /resources: the mounts (name, public, listing), so a client (the panel's Files page) can
   * offer them. Authenticated: strangers must not learn which mounts exist.
   */
  @Get()
  list(): { mounts: MountView[] } {
    return { mounts: this.resources.mountViews() };
  }

  /**
   * GET/HEAD /resources/<mount>/<path>: a file (ETag, Last-Modified, 304, Range → 206/416) or,
   * on mounts with `listing: true`, a directory listing. Public only for `public: true` mounts
   * (the guard asks PublicMountPolicy); every other request is authenticated as usual.
   */
  @PublicWhen(PublicMountPolicy, 'public-mount')
  @Get([':mount', ':mount/*'])
  async serve(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const parsed = parseResourceUrl(request.url);
    const mount = parsed ? this.resources.mount(parsed.mount) : undefined;
    if (!parsed || !mount) throw HubError.notFound('Not found');

    const resolved = await this.resources.resolve(mount, parsed);
    const cacheControl = `${mount.public ? 'public' : 'private'}, no-cache`;
    if (resolved.kind === 'directory') {
      void reply.header('cache-control', cacheControl).send(resolved.listing);
      return;
    }

    const encoded = `/${resolved.relative.split(sep).map(encodeURIComponent).join('/')}`;
    const result = await send(request.raw, encoded, {
      root: resolved.root,
      // Dotfiles and traversal were refused above; `send` only streams what was resolved.
      dotfiles: 'allow',
      index: false,
      cacheControl: false,
      // send() otherwise reads in 16 KiB chunks (it passes `null` to the stream): 4x the reads,
      // and a third of the throughput measured on a 1 MB file.
      highWaterMark: READ_CHUNK,
    });
    if (result.type === 'error') {
      result.stream.destroy();
      this.replyError(reply, result.statusCode, result.headers);
      return;
    }
    void reply
      .status(result.statusCode)
      .headers({ ...result.headers, ...SAFETY_HEADERS, 'cache-control': cacheControl })
      .send(result.stream);
  }

  private replyError(reply: FastifyReply, status: number, headers: Record<string, string>): void {
    if (status === 416) {
      throw new HubError(ErrorCode.RangeNotSatisfiable, 'Requested range not satisfiable', {
        headers: { 'content-range': headers['Content-Range'] },
      });
    }
    if (status === 412) {
      throw new HubError(
        ErrorCode.PreconditionFailed,
        'Precondition failed (If-Match / If-Unmodified-Since)',
      );
    }
    if (status === 404) throw HubError.notFound('Not found');
    throw new Error(`file sender answered ${status}`);
  }
}
