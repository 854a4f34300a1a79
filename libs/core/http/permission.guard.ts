import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { REQUEST_CONTEXT_KEY, RequestContext } from '../auth/request-context.js';
import { forbidden, notFound, unauthorized } from '../errors/app-error.js';
import { ROUTE_PERMISSION, RoutePermission, requestedId } from './permission.decorator.js';

/**
 * Enforces `@Permission` before the handler runs (after `AuthGuard` has named the caller):
 * on the node the route names, or anywhere for a collection route. The answers follow
 * `AccessService.require`: 404 unless the caller may see the record, then 403.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const declared = this.reflector.getAllAndOverride<RoutePermission>(ROUTE_PERMISSION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!declared) return true;
    const request = context.switchToHttp().getRequest();
    const ctx: RequestContext | undefined = request[REQUEST_CONTEXT_KEY];
    if (!ctx?.user) throw unauthorized();
    if (ctx.isMasterAdmin) return true;
    const { permission, rule } = declared;
    if (rule.self && requestedId(request, rule.self) === ctx.userId) return true;
    const permissions = rule.or ? [permission, rule.or] : [permission];

    const nodeId = rule.node ? await rule.node.resolve(request, ctx, this.db) : undefined;
    if (nodeId === null) throw notFound();
    if (nodeId === undefined) {
      for (const p of permissions) if (await this.access.holdsAnywhere(ctx, p)) return true;
      throw forbidden(`This needs ${permission}`);
    }
    for (const p of permissions) if (await this.access.can(ctx, p, nodeId)) return true;
    if (rule.node?.known) throw forbidden(`This needs ${permission}`);
    const seenWith = rule.node?.seenWith;
    if (seenWith && !permissions.includes(seenWith) && (await this.access.can(ctx, seenWith, nodeId)))
      throw forbidden();
    throw notFound();
  }
}
