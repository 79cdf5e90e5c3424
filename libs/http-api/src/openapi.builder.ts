import { Inject, Injectable, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

import { Access, ACCESS_KEY, HTML_ROUTE_KEY } from '@hub/auth';
import { PluginRegistry } from '@hub/plugins';

import { hubVersion } from './hub-version';
import { SUMMARY_KEY } from './summary.decorator';

type JsonObject = Record<string, unknown>;

const envelopeSchema = {
  type: 'object',
  required: ['id', 'type', 'target', 'origin', '_timestamp', 'response'],
  properties: {
    id: { type: 'string' },
    type: { const: 'response' },
    target: { type: 'string' },
    origin: { type: 'string' },
    _timestamp: { type: 'number' },
    response: {
      type: 'object',
      properties: { output: {}, errors: { type: 'array', items: { type: 'string' } } },
    },
  },
};
const errorSchema = {
  type: 'object',
  properties: { code: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
};

function normalisePath(...parts: string[]): string {
  const joined = `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
  // Nest/Fastify `:param` → OpenAPI `{param}`; wildcards are not real endpoints.
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** "listTokens" → "List tokens" (for routes that declare no @Summary). */
function sentence(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Builds the OpenAPI 3.1 document from what Nest knows about every controller route (path,
 * method, access level, summary) plus the plugin registry's JSON Schemas for `/execute`.
 */
@Injectable()
export class OpenApiBuilder {
  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(PluginRegistry) private readonly registry: PluginRegistry,
  ) {}

  build(): JsonObject {
    const paths: Record<string, Record<string, JsonObject>> = {};
    for (const wrapper of this.discovery.getControllers()) {
      const cls = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!cls || !wrapper.instance) continue;
      const prefixes = this.pathsOf(Reflect.getMetadata(PATH_METADATA, cls));
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        const routePaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (routePaths === undefined || method === undefined) continue;
        for (const prefix of prefixes) {
          for (const routePath of this.pathsOf(routePaths)) {
            const path = normalisePath(prefix, routePath);
            if (path.includes('*')) continue;
            const verbs =
              method === RequestMethod.ALL
                ? ['get', 'post', 'put', 'patch', 'delete']
                : [RequestMethod[method].toLowerCase()];
            for (const verb of verbs) {
              (paths[path] ??= {})[verb] = this.operation(path, verb, cls, handler, name);
            }
          }
        }
      }
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'hub',
        version: hubVersion(),
        description: 'Home-automation hub: actions, webhooks, automations, events and dashboards.',
      },
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or global token' },
          xToken: { type: 'apiKey', in: 'header', name: 'X-Token' },
          session: { type: 'apiKey', in: 'cookie', name: 'session_token' },
          basic: { type: 'http', scheme: 'basic' },
        },
        schemas: { Response: envelopeSchema, Error: errorSchema },
      },
      security: [{ bearer: [] }, { xToken: [] }, { session: [] }, { basic: [] }],
    };
  }

  private pathsOf(value: unknown): string[] {
    if (Array.isArray(value)) return value.map(String);
    return [typeof value === 'string' ? value : '/'];
  }

  private operation(path: string, verb: string, cls: object, handler: object, name: string): JsonObject {
    const targets = [handler as () => void, cls as new () => unknown];
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets);
    const summary = this.reflector.get<string | undefined>(SUMMARY_KEY, handler as () => void);
    const op: JsonObject = {
      operationId: `${(cls as { name: string }).name}.${name}${verb === 'get' ? '' : `.${verb}`}`,
      summary: summary ?? sentence(name),
      tags: [
        path
          .split('/')
          .filter(Boolean)
          .slice(0, path.startsWith('/api/v1/') ? 3 : 1)
          .join('/') || '/',
      ],
    };
    const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (params.length > 0) op.parameters = params;
    if (access === Access.Public) op.security = [];
    if (access === Access.Admin) op['x-access'] = 'admin';
    if (this.reflector.getAllAndOverride<boolean>(HTML_ROUTE_KEY, targets)) op['x-html'] = true;
    if (path === '/execute' && verb === 'post') Object.assign(op, this.executeOperation());
    else op.responses = { default: { description: 'JSON', content: { 'application/json': { schema: {} } } } };
    return op;
  }

  /** `/execute`'s body: one alternative per action, each with that action's argument schema. */
  private executeOperation(): JsonObject {
    const variants = this.registry.describe().flatMap((plugin) =>
      plugin.actions.map((a) => ({
        title: a.action,
        description: a.doc,
        type: 'object',
        required: ['action'],
        properties: {
          type: { const: 'request' },
          action: { const: a.action },
          args: a.args,
          id: { type: 'string' },
          timeout: { type: 'number', exclusiveMinimum: 0 },
        },
      })),
    );
    const response = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Response' } } },
    };
    return {
      requestBody: { required: true, content: { 'application/json': { schema: { oneOf: variants } } } },
      responses: {
        200: { description: 'success', ...response },
        400: { description: 'bad request or arguments', ...response },
        403: { description: 'outside the token scopes', ...response },
        404: { description: 'unknown action', ...response },
        413: { description: 'body over the size limit', ...response },
        502: { description: 'the action failed', ...response },
        504: { description: 'the action timed out', ...response },
      },
    };
  }
}
