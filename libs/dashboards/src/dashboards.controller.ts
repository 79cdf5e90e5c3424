import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import { AdminOnly, CurrentIdentity, type Identity, RequireScope } from '@hub/auth';
import { ERROR_STATUS, ErrorCode, HubError } from '@hub/common';

import type { DashboardDocument } from './dashboard-document';
import {
  DashboardConflict,
  DashboardsService,
  type DashboardSummary,
  type DashboardView,
} from './dashboards.service';
import { type CatalogueEntry, DashboardParseError, widgetCatalogue } from './model';

/** The scope a wall tablet's token needs to read dashboards (plus the actions its widgets call). */
export const READ_DASHBOARDS_SCOPE = 'dashboards:read';

/** `/api/v1/dashboards`: list, read, validate, save and delete XML dashboards; the widget catalogue. */
@Controller('api/v1/dashboards')
export class DashboardsController {
  private readonly catalogue = widgetCatalogue();

  constructor(@Inject(DashboardsService) private readonly dashboards: DashboardsService) {}

  @Get()
  @RequireScope(READ_DASHBOARDS_SCOPE)
  list(): Promise<DashboardSummary[]> {
    return this.dashboards.list();
  }

  /** Declared before `:name`, and static routes win in Fastify's router anyway. */
  @Get('widgets')
  @RequireScope(READ_DASHBOARDS_SCOPE)
  widgets(): Record<string, CatalogueEntry> {
    return this.catalogue;
  }

  /** The editor's preview: the tree and issues of the posted XML, nothing saved. */
  @Post('validate')
  @HttpCode(200)
  validate(@Body() body: unknown): DashboardDocument {
    return this.dashboards.validate(xmlOf(body));
  }

  @Get(':name')
  @RequireScope(READ_DASHBOARDS_SCOPE)
  async get(
    @Param('name') name: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DashboardView> {
    const view = await this.dashboards.get(name);
    void reply.header('etag', view.etag).header('cache-control', 'no-cache');
    return view;
  }

  /** Saves `application/xml` or `{"xml": ...}`; `If-Match` makes it conditional (412 on a conflict). */
  @Put(':name')
  @AdminOnly()
  async put(
    @Param('name') name: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Identity | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    assertUnscoped(identity);
    try {
      const saved = await this.dashboards.put(name, xmlOf(body), ifMatch);
      void reply.status(saved.status === 'created' ? 201 : 200).header('etag', saved.etag);
      return saved;
    } catch (err) {
      return refusal(err, reply);
    }
  }

  @Delete(':name')
  @AdminOnly()
  async remove(
    @Param('name') name: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentIdentity() identity: Identity | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    assertUnscoped(identity);
    try {
      await this.dashboards.delete(name, ifMatch);
      return { deleted: name };
    } catch (err) {
      return refusal(err, reply);
    }
  }
}

/** The XML of a PUT/validate body: the text of an XML body, or `xml` of a JSON one. */
function xmlOf(body: unknown): string {
  if (typeof body === 'string') return body;
  const xml = (body as { xml?: unknown } | null)?.xml;
  if (typeof xml === 'string') return xml;
  throw HubError.badRequest(
    'Expected an application/xml body, or JSON {"xml": "<Dashboard>...</Dashboard>"}',
  );
}

/** 400 with the position of a parse error, 412 with the current ETag on a conflict; others rethrown. */
function refusal(err: unknown, reply: FastifyReply): unknown {
  if (err instanceof DashboardParseError) {
    // The JSON error body plus where the parse failed.
    const status = ERROR_STATUS[ErrorCode.BadRequest];
    void reply.status(status);
    return { code: status, error: ErrorCode.BadRequest, message: err.message, errors: [err.toIssue()] };
  }
  if (err instanceof DashboardConflict) {
    // The JSON error body plus the ETag the client should re-read.
    const status = ERROR_STATUS[ErrorCode.PreconditionFailed];
    void reply.status(status);
    return { code: status, error: ErrorCode.PreconditionFailed, message: err.message, etag: err.currentEtag };
  }
  throw err;
}

/** A token limited to some actions must not rewrite what wall tablets show (and run). */
function assertUnscoped(identity: Identity | undefined): void {
  if (identity?.scopes)
    throw HubError.forbidden('Changing dashboards needs an unrestricted (unscoped) credential');
}
