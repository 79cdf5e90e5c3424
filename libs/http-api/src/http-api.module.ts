import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { ApiDocsController } from './api-docs.controller';
import { CommandController } from './command.controller';
import { EnvelopeExceptionFilter } from './envelope-errors';
import { ExecuteController } from './execute.controller';
import { ApiNotFoundController, IntrospectionController } from './introspection.controller';
import { OpenApiBuilder } from './openapi.builder';
import { WebappController } from './webapp/webapp.controller';
import { WebappFiles } from './webapp/webapp-files';

/**
 * `/execute`, `/cmd`, `/data`, the `/api/v1` introspection routes and the web panel at `/ui/`.
 * Bootstrap calls `installEnvelopeErrorRoutes()` on Fastify for the envelope routes' own failures.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [
    ExecuteController,
    CommandController,
    IntrospectionController,
    ApiDocsController,
    WebappController,
    // Last: its wildcard must only catch what no other controller declares.
    ApiNotFoundController,
  ],
  providers: [
    EnvelopeExceptionFilter,
    OpenApiBuilder,
    { provide: WebappFiles, useFactory: () => new WebappFiles() },
  ],
  exports: [WebappFiles],
})
export class HttpApiModule {}
