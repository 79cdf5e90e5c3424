import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ApiDocsController } from './api-docs.controller';
import { CommandController } from './command.controller';
import { EnvelopeErrorRoutes, EnvelopeExceptionFilter } from './envelope-errors';
import { ExecuteController } from './execute.controller';
import { ApiNotFoundController, IntrospectionController } from './introspection.controller';
import { OpenApiBuilder } from './openapi.builder';

/** `/execute`, `/cmd`, `/data` and the `/api/v1` introspection routes. */
@Module({
  imports: [DiscoveryModule],
  controllers: [
    ExecuteController,
    CommandController,
    IntrospectionController,
    ApiDocsController,
    // Last: its wildcard must only catch what no other controller declares.
    ApiNotFoundController,
  ],
  providers: [EnvelopeErrorRoutes, EnvelopeExceptionFilter, OpenApiBuilder],
})
export class HttpApiModule {}
