import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { HtmlRoute, RequireScope } from '@hub/auth';
import { HubError } from '@hub/common';
import { WebappFiles } from '@hub/http-api';

import { READ_DASHBOARDS_SCOPE } from './dashboards.controller';
import { DASHBOARD_NAME } from './model';

/**
 * `/dashboard/<name>` (platypush's URL): the webapp's index.html, whose router renders the
 * dashboard. A wall tablet opens it with a `dashboards:read` token (`?token=`), which does not
 * open the panel under /ui/.
 */
@Controller('dashboard')
export class DashboardPageController {
  constructor(@Inject(WebappFiles) private readonly files: WebappFiles) {}

  @Get(':name')
  @HtmlRoute()
  @RequireScope(READ_DASHBOARDS_SCOPE)
  page(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    if (!DASHBOARD_NAME.test(name)) throw HubError.notFound('Not found');
    this.files.sendIndex(request, reply);
  }
}
