import { Controller, Delete, Get, Inject, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { Public } from '@hub/auth';

import { WebhookService } from './webhook.service';
import { originalContentType, WEBHOOK_ROUTE } from './webhook-body';
import type { WebhookCall } from './webhook-request';

/**
 * `/hook/:name`. Public at the guard level: each hook declares its own protection (secret
 * header/query, HMAC), checked by WebhookService before anything is posted.
 */
@Controller('hook')
@Public()
export class WebhookController {
  constructor(@Inject(WebhookService) private readonly webhooks: WebhookService) {}

  @Get(':name')
  @RouteConfig(WEBHOOK_ROUTE)
  get(@Param('name') name: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(name, req, reply);
  }

  @Post(':name')
  @RouteConfig(WEBHOOK_ROUTE)
  post(@Param('name') name: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(name, req, reply);
  }

  @Put(':name')
  @RouteConfig(WEBHOOK_ROUTE)
  put(@Param('name') name: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(name, req, reply);
  }

  @Patch(':name')
  @RouteConfig(WEBHOOK_ROUTE)
  patch(@Param('name') name: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(name, req, reply);
  }

  @Delete(':name')
  @RouteConfig(WEBHOOK_ROUTE)
  delete(@Param('name') name: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(name, req, reply);
  }

  private async handle(name: string, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const contentType = originalContentType(req);
    const call: WebhookCall = {
      name,
      method: req.method,
      headers: { ...req.headers, 'content-type': contentType },
      query: (req.query ?? {}) as Record<string, unknown>,
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      contentType,
    };
    const result = await this.webhooks.handle(call);
    const body = result.body;
    void reply.status(result.status).headers(result.headers);
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      if (!result.headers['content-type'])
        void reply.type(typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream');
      await reply.send(body);
    } else {
      if (!result.headers['content-type']) void reply.type('application/json; charset=utf-8');
      await reply.send(JSON.stringify(body ?? null));
    }
  }
}
