import { All, Controller, Get, HttpCode, Inject, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { HubError } from '@hub/common';
import { eventTypes } from '@hub/messages';
import { type PluginDescription, PluginRegistry, toJsonSchema } from '@hub/plugins';

import { hubVersion } from './hub-version';
import { OpenApiBuilder } from './openapi.builder';
import { Summary } from './summary.decorator';

/** `/api/v1`: what this hub is and can do. Authenticated (the global guard). */
@Controller('api/v1')
export class IntrospectionController {
  constructor(
    @Inject(PluginRegistry) private readonly registry: PluginRegistry,
    @Inject(OpenApiBuilder) private readonly openapi: OpenApiBuilder,
  ) {}

  @Get('version')
  @Summary('The hub version: {version}')
  version(): { version: string } {
    return { version: hubVersion() };
  }

  @Get('plugins')
  @Summary('Every plugin with its actions and their JSON Schemas')
  plugins(): PluginDescription[] {
    return this.registry.describe();
  }

  @Get('plugins/:name')
  @Summary('One plugin with its actions and their JSON Schemas')
  plugin(@Param('name') name: string): PluginDescription {
    const plugin = this.registry.describe().find((p) => p.name === name);
    if (!plugin) throw HubError.notFound(`Unknown plugin '${name}'`);
    return plugin;
  }

  @Get('events/types')
  @Summary('Event types with the JSON Schema of their fields')
  eventTypes(): Array<{ type: string; doc: string; fields: unknown }> {
    return eventTypes().map((t) => ({ type: t.type, doc: t.doc, fields: toJsonSchema(t.fields, 'output') }));
  }

  @Get('openapi.json')
  @Summary('This OpenAPI document')
  openApi(): Record<string, unknown> {
    return this.openapi.build();
  }
}

/**
 * Unknown `/api/v1/*` endpoints: a JSON 404 in the platypush form. Fastify's router prefers
 * static and parametric routes over this wildcard, whichever module declares them.
 */
@Controller('api/v1')
export class ApiNotFoundController {
  @All('*')
  @HttpCode(404)
  notFound(@Req() request: FastifyRequest): { error: string } {
    const path = request.url.split('?')[0];
    return { error: `Endpoint '${path}' not found` };
  }
}
