import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminContext } from './admin-context.js';
import { pageModel, reachable } from './admin-context.js';
import { AdminService } from './admin.service.js';
import type { AdminResource } from './catalog.js';
import { valueAt } from './values.js';

export type Body = Record<string, string | string[] | undefined>;

/** A form value as one string: the last one when a name was posted twice. */
export const text = (value: unknown) =>
  typeof value === 'string' ? value : Array.isArray(value) ? String(value[value.length - 1] ?? '') : '';

/**
 * What every admin page does around its own work: find the signed-in user (or send them to sign
 * in), the resource and the record they asked for as they may see them, and render the page or
 * an error page in their language.
 */
export abstract class AdminPages {
  private readonly logger = new Logger('Admin');

  constructor(protected readonly admin: AdminService) {}

  /** Runs a signed-in page; without a session the visitor is sent to the login form and back. */
  protected async page(req: FastifyRequest, reply: FastifyReply, render: (c: AdminContext) => Promise<unknown>) {
    const c = await this.admin.context(req);
    if (!c) return reply.redirect(`/admin/login?next=${encodeURIComponent(req.url)}`, 303);
    reply.header('cache-control', 'no-store');
    try {
      return await render(c);
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
      return this.sendError(reply, c, 500, c.labels.t('error.unexpected'));
    }
  }

  protected withResource(
    req: FastifyRequest<{ Params: { resource: string } } & Record<string, any>>,
    reply: FastifyReply,
    render: (c: AdminContext, r: AdminResource) => Promise<unknown>,
  ) {
    return this.page(req, reply, async (c) => {
      const r = this.admin.catalog.find(req.params.resource);
      // A resource the user may not read does not exist for them, like a record they may not see.
      if (!r || !reachable(c).includes(r)) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      return render(c, r);
    });
  }

  protected withRecord(
    req: FastifyRequest<{ Params: { resource: string; id: string } } & Record<string, any>>,
    reply: FastifyReply,
    render: (c: AdminContext, r: AdminResource, record: any) => Promise<unknown>,
  ) {
    return this.withResource(req, reply, async (c, r) => {
      const res = await c.api.get(`${r.apiPath}/${req.params.id}`);
      if (!res.ok) return this.sendError(reply, c, res.status, res.error!.message);
      return render(c, r, res.body);
    });
  }

  protected send(reply: FastifyReply, page: string, model: any, resource?: string) {
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .send(this.admin.views.render(page, model, resource));
  }

  protected sendError(reply: FastifyReply, c: AdminContext, status: number, message: string) {
    const title = c.labels.t(
      status === 404 ? 'error.notFoundTitle' : status === 403 ? 'error.forbiddenTitle' : 'error.title',
    );
    return this.send(reply.code(status), 'error', pageModel(c, title, undefined, { heading: title, message, status }));
  }

  protected recordRef(r: AdminResource, record: any) {
    return { id: record.id as string, title: String(valueAt(record, r.titleField) ?? record.id) };
  }
}
