import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { HtmlRoute, Public, RequireScope } from '@hub/auth';
import { HubError } from '@hub/common';

import { WebappFiles } from './webapp-files';

/** What a scoped token needs to open the panel pages under /ui/. */
export const PANEL_SCOPE = 'panel';

/**
 * The web panel (api.md §8a): `/` → `/ui/`; built files under `/ui/` (public: they hold no data,
 * and a token-opened dashboard must load them too); every other `/ui/...` path is a history-mode
 * route of the SPA and gets index.html, which needs a session like any HTML page.
 */
@Controller()
export class WebappController {
  constructor(@Inject(WebappFiles) private readonly files: WebappFiles) {}

  /** The start page is the panel (anonymous visitors go to /login first). */
  @HtmlRoute()
  @Get()
  home(@Res() reply: FastifyReply): void {
    void reply.redirect('/ui/', 307);
  }

  @Public()
  @Get('ui')
  withoutSlash(@Res() reply: FastifyReply): void {
    void reply.redirect('/ui/', 307);
  }

  /** Vite's content-hashed files: cached for a year, precompressed. Unknown ones are 404, never the SPA. */
  @Public()
  @Get('ui/assets/*')
  asset(@Param('*') path: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const asset = this.files.asset(`assets/${path}`);
    if (!asset) throw HubError.notFound('Not found');
    this.files.sendAsset(request, reply, asset);
  }

  @Public()
  @Get('ui/favicon.svg')
  favicon(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const asset = this.files.asset('favicon.svg');
    if (!asset) throw HubError.notFound('Not found');
    this.files.sendAsset(request, reply, asset);
  }

  /** Any panel route (`/ui/`, `/ui/actions`, `/ui/unknown/deep`): the SPA's index.html. */
  // A scoped token needs the `panel` scope: a wall tablet's `dashboards:read` token opens its dashboard, not the panel.
  @HtmlRoute()
  @RequireScope(PANEL_SCOPE)
  @Get('ui/*')
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.files.sendIndex(request, reply);
  }
}
