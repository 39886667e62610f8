/**
 * The routes of the running application, read by reflection (Nest's controller metadata) and from
 * Express's router, for the permission tables of route-roles.test.ts (the API) and web-roles.test.ts
 * (the pages).
 */
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC, IS_WEB, ROLES } from '../../src/common/decorators.js';
import type { Role } from '../../src/common/roles.js';
import type { TestApp } from './app.js';

export const PUBLIC = 'PUBLIC' as const;
export type Access = typeof PUBLIC | readonly Role[];
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: Method;
  path: string;
  roles: Access;
}

export const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
export const describeAccess = (roles: Access) => (roles === PUBLIC ? PUBLIC : [...roles].sort().join(',') || '(nobody)');
export const line = (r: RouteSpec) => `${key(r)} -> ${describeAccess(r.roles)}`;
export const allows = (roles: Access, role: Role) => roles === PUBLIC || roles.includes(role);

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((p) => p.split('/'))
    .filter((s) => s.length > 0)
    .join('/');
  return '/' + joined;
}

function asArray(value: unknown): string[] {
  if (value === undefined || value === null) return [''];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The routes of the API or of the pages as Nest knows them, with what the auth guard will read. */
export function reflectRoutes(t: TestApp, kind: 'api' | 'pages'): RouteSpec[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteSpec[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!controller || !instance) continue;
    if ((Reflect.getMetadata(IS_WEB, controller) === true) !== (kind === 'pages')) continue;
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = instance[name] as (...args: unknown[]) => unknown;
      const handlerPath = Reflect.getMetadata(PATH_METADATA, handler);
      if (handlerPath === undefined) continue; // not a route handler
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] as Method;
      // The same lookups, in the same order, as src/auth/auth.guard.ts.
      const targets = [handler, controller];
      const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
      const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets) ?? [];
      for (const prefix of prefixes) {
        for (const path of asArray(handlerPath)) {
          routes.push({ method, path: joinPath(prefix, path), roles: isPublic ? PUBLIC : roles });
        }
      }
    }
  }
  return routes;
}

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** What Express itself will answer: every registered route, Nest's or not. */
export function expressRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] }; _router?: { stack: ExpressLayer[] } };
  const stack = (express.router ?? express._router)!.stack;
  const found: string[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const path of asArray(layer.route.path)) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on) found.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return found;
}

