import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import type { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';

/** Nest's route-argument kind for `@Body()` (RouteParamtypes.BODY). */
const BODY = 3;

export interface ApiRoute {
  method: string;
  /** `/api/customers/:id` */
  path: string;
  /** The properties the body DTO accepts, when the body is a class with validation rules. */
  bodyFields?: { dto: string; keys: Set<string> };
}

const joinPath = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Properties a DTO class (and its parents) declares validation rules for: what the API accepts. */
function dtoKeys(type: Function): Set<string> | undefined {
  const rules = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return rules.length ? new Set(rules.map((rule) => rule.propertyName)) : undefined;
}

function bodyFields(controller: Function, name: string): ApiRoute['bodyFields'] {
  const args: Record<string, { index: number }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
  const types: Function[] = Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? [];
  const body = Object.entries(args).find(([key]) => Number(key.split(':')[0]) === BODY);
  const type = body ? types[body[1].index] : undefined;
  const keys = type && type !== Object ? dtoKeys(type) : undefined;
  return keys ? { dto: type!.name, keys } : undefined;
}

/**
 * Every route the Nest controllers declare, with the fields their bodies accept: read from the
 * decorators, so it is known before the HTTP server starts.
 */
export function apiRoutes(modules: ModulesContainer): ApiRoute[] {
  const routes: ApiRoute[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller?.prototype) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (
          name === 'constructor' ||
          typeof handler !== 'function' ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        )
          continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) ?? ''].flat() as string[];
        const fields = bodyFields(controller, name);
        for (const prefix of prefixes)
          for (const path of paths) routes.push({ method, path: joinPath(prefix, path), bodyFields: fields });
      }
    }
  }
  return routes;
}

/** The route serving `method path` (a metadata path, `:id`-style placeholders and a query allowed). */
export function findRoute(routes: ApiRoute[], method: string, path: string): ApiRoute | undefined {
  const wanted = joinPath(path.split('?')[0]).split('/');
  return routes.find((route) => {
    if (route.method !== method && route.method !== 'ALL') return false;
    const segments = route.path.split('/');
    return (
      segments.length === wanted.length &&
      segments.every((segment, i) => segment.startsWith(':') || segment === wanted[i])
    );
  });
}
