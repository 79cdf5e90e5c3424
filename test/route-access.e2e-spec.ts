import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { Access, ACCESS_KEY, HTML_ROUTE_KEY, REQUIRED_SCOPE_KEY } from '@hub/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootHub, type TestHub } from './support/test-hub';

interface RouteAccess {
  method: string;
  path: string;
  access: Access;
  html: boolean;
  scope: string | null;
  handler: string;
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/** Every Nest route with the access level the global guard will apply to it. */
function nestRoutes(hub: TestHub): RouteAccess[] {
  const reflector = hub.app.get(Reflector);
  const routes: RouteAccess[] = [];
  for (const module of hub.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefixes = [
        (Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined) ?? '',
      ].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        const targets = [handler, controller];
        for (const prefix of prefixes) {
          for (const path of [paths].flat()) {
            routes.push({
              method: RequestMethod[method],
              path: joinPath(prefix, path),
              access:
                reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, targets) ?? Access.Authenticated,
              html: reflector.getAllAndOverride<boolean | undefined>(HTML_ROUTE_KEY, targets) === true,
              scope: reflector.getAllAndOverride<string | undefined>(REQUIRED_SCOPE_KEY, targets) ?? null,
              handler: `${controller.name}.${name}`,
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * A permission change shows up in review as a diff of route-access.snapshot.txt. After adding
 * routes on purpose: `npx vitest run test/route-access.e2e-spec.ts -u`, then read the diff.
 */
describe('route access', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await bootHub();
  });
  afterAll(() => hub.stop());

  it('lists every route with its access level', async () => {
    const routes = nestRoutes(hub);
    expect(routes.length).toBeGreaterThan(10);
    const width = Math.max(...routes.map((r) => r.path.length));
    const lines = routes.map((r) =>
      [
        r.method.padEnd(7),
        r.path.padEnd(width),
        r.access.padEnd(13),
        (r.html ? 'html' : '-').padEnd(4),
        (r.scope ?? '-').padEnd(12),
        r.handler,
      ].join(' '),
    );
    const fastifyTree = hub.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
    const text = [
      '# Nest routes: METHOD PATH ACCESS HTML SCOPE HANDLER (the global AuthGuard applies these)',
      ...lines,
      '',
      '# Every route Fastify serves, including ones registered outside Nest (not seen by the guard)',
      fastifyTree.trimEnd(),
      '',
    ].join('\n');
    await expect(text).toMatchFileSnapshot('./route-access.snapshot.txt');
  });

  it('keeps the routes that must stay public public, and only those', () => {
    const publicRoutes = nestRoutes(hub)
      .filter((r) => r.access === Access.Public)
      .map((r) => `${r.method} ${r.path}`);
    for (const required of ['GET /healthz', 'POST /register', 'POST /login', 'GET /login', 'GET /register']) {
      expect(publicRoutes).toContain(required);
    }
    for (const mustBeProtected of [
      'GET /users',
      'POST /users',
      'GET /tokens',
      'DELETE /tokens/:id',
      'GET /auth',
      'GET /',
    ]) {
      expect(publicRoutes).not.toContain(mustBeProtected);
    }
  });

  it('keeps user management for administrators', () => {
    const admin = nestRoutes(hub)
      .filter((r) => r.access === Access.Admin)
      .map((r) => `${r.method} ${r.path}`);
    expect(admin).toEqual(expect.arrayContaining(['GET /users', 'POST /users', 'DELETE /users/:name']));
  });
});
