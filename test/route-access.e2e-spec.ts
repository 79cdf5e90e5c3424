import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  Access,
  ACCESS_KEY,
  ADMIN_OR_SCOPE_KEY,
  HTML_ROUTE_KEY,
  PUBLIC_WHEN_KEY,
  type PublicWhen,
  REQUIRED_ACTION_KEY,
  REQUIRED_SCOPE_KEY,
  SAME_SITE_KEY,
  UNSCOPED_KEY,
} from '@hub/auth';

import { bootHub, type TestHub } from './support/test-hub';

interface RouteAccess {
  method: string;
  path: string;
  access: Access;
  html: boolean;
  /** What the guard requires beyond the access level: `scope:`, `action:`, `unscoped`, `admin-or:`, `same-site`, `public-when:`. */
  permissions: string[];
  handler: string;
}

type Targets = Parameters<Reflector['getAllAndOverride']>[1];

/** Every declaration the guard enforces besides the access level, as the snapshot shows it. */
function permissionsOf(reflector: Reflector, targets: Targets): string[] {
  const found: string[] = [];
  const scope = reflector.getAllAndOverride<string | undefined>(REQUIRED_SCOPE_KEY, targets);
  if (scope) found.push(`scope:${scope}`);
  const action = reflector.getAllAndOverride<string | undefined>(REQUIRED_ACTION_KEY, targets);
  if (action) found.push(`action:${action}`);
  if (reflector.getAllAndOverride<boolean | undefined>(UNSCOPED_KEY, targets)) found.push('unscoped');
  const adminOr = reflector.getAllAndOverride<string | undefined>(ADMIN_OR_SCOPE_KEY, targets);
  if (adminOr) found.push(`admin-or:${adminOr}`);
  if (reflector.getAllAndOverride<boolean | undefined>(SAME_SITE_KEY, targets)) found.push('same-site');
  const when = reflector.getAllAndOverride<PublicWhen | undefined>(PUBLIC_WHEN_KEY, targets);
  if (when) found.push(`public-when:${when.label.replace(/\s+/g, '_')}`);
  return found;
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
              permissions: permissionsOf(reflector, targets),
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
    const width2 = Math.max(...routes.map((r) => r.permissions.join(',').length));
    const lines = routes.map((r) =>
      [
        r.method.padEnd(7),
        r.path.padEnd(width),
        r.access.padEnd(13),
        (r.html ? 'html' : '-').padEnd(4),
        (r.permissions.join(',') || '-').padEnd(width2),
        r.handler,
      ].join(' '),
    );
    const fastifyTree = hub.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
    const text = [
      '# Nest routes: METHOD PATH ACCESS HTML PERMISSIONS HANDLER (the global AuthGuard enforces all of these)',
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

  it('leaves permission checks to declarations: no controller tests scopes or roles itself', () => {
    const libs = join(__dirname, '..', 'libs');
    const controllers = readdirSync(libs, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.controller.ts'),
    );
    expect(controllers.length).toBeGreaterThan(10);
    // Token scope narrowing compares scopes as data (what a new token may hold), not access.
    const narrowing = 'auth/src/auth.controller.ts';
    for (const file of controllers.filter((f) => f !== narrowing)) {
      const source = readFileSync(join(libs, file), 'utf8');
      expect(source, file).not.toMatch(/\b(scopeAllows|scopeAllowsAction|hasAdminRole|isAdminIdentity)\(/);
    }
  });
});
