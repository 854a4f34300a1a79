import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, lastEventIdOf, Public, type AdminAction } from '@clientele/core';
import type { AdminContext } from './admin-context.js';
import { AdminPages, text, type Body } from './admin-pages.js';
import { AdminService } from './admin.service.js';
import type { ApiError } from './api-client.js';
import type { AdminResource } from './catalog.js';
import { streamToAdmin } from './live-stream.js';
import {
  actionBody,
  actionLabel,
  actionPage,
  actionPath,
  bulkAction,
  recordActionButtons,
  startedJob,
  type ActionTarget,
} from './pages/actions-page.js';
import { recordPath } from './pages/contributed-tab.js';
import { recordActions } from './pages/detail-page.js';
import { resultPage } from './pages/result-page.js';
import { jobPage } from './pages/job-page.js';
import { pluginSettingsPage, settingsChange, type PluginSettings } from './pages/plugin-settings-page.js';
import { referenceSuggestions } from './references.js';
import { readSession } from './session.js';

/**
 * The admin's interactive parts beyond list, card and form: record and bulk actions with their
 * jobs' progress, autocomplete suggestions, files, plugin settings pages and the live-update
 * stream — all through the API as the signed-in user.
 */
@ApiExcludeController()
@Public()
@Controller('admin')
export class AdminWidgetsController extends AdminPages {
  constructor(
    admin: AdminService,
    private readonly auth: AuthService,
  ) {
    super(admin);
  }

  /** Live updates for the open list or card (Server-Sent Events), as the signed-in user may see them. */
  @Get('events')
  async events(@Req() req: FastifyRequest<{ Querystring: { lastEventId?: string } }>, @Res() reply: FastifyReply) {
    const session = await readSession(this.auth, req);
    if (!session) return reply.code(401).send();
    const header = req.headers['last-event-id'];
    return streamToAdmin(
      this.admin.live,
      session.ctx,
      lastEventIdOf(typeof header === 'string' ? header : undefined, req.query?.lastEventId),
      reply,
    );
  }

  /** Suggestions for an autocomplete: the resource's records matching `q`, as the user may see them. */
  @Get('r/:resource/lookup')
  lookup(
    @Req() req: FastifyRequest<{ Params: { resource: string }; Querystring: { q?: string } }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withResource(req, reply, async (c, r) =>
      reply.send({ items: await referenceSuggestions(c, r, text(req.query?.q).slice(0, 200)) }),
    );
  }

  @Get('settings/:plugin')
  pluginSettings(@Req() req: FastifyRequest<{ Params: { plugin: string } }>, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => {
      const res = await c.api.get<PluginSettings>(`/api/settings/${encodeURIComponent(req.params.plugin)}`);
      if (!res.ok) return this.sendError(reply, c, res.status === 403 ? 404 : res.status, c.labels.t('error.notFound'));
      return this.send(
        reply,
        'plugin-settings',
        pluginSettingsPage(c, res.body, { saved: 'saved' in (req.query as object) }),
      );
    });
  }

  @Post('settings/:plugin')
  savePluginSettings(
    @Req() req: FastifyRequest<{ Params: { plugin: string }; Body: Body }>,
    @Res() reply: FastifyReply,
  ) {
    return this.page(req, reply, async (c) => {
      const path = `/api/settings/${encodeURIComponent(req.params.plugin)}`;
      const current = await c.api.get<PluginSettings>(path);
      if (!current.ok)
        return this.sendError(reply, c, current.status === 403 ? 404 : current.status, c.labels.t('error.notFound'));
      const { change, typed, localErrors } = settingsChange(current.body, req.body ?? {});
      const retry = (error: ApiError) =>
        this.send(
          reply.code(error.statusCode),
          'plugin-settings',
          pluginSettingsPage(
            c,
            { ...current.body, version: Number(text(req.body?.version)) || current.body.version },
            { typed, error },
          ),
        );
      if (localErrors.length)
        return retry({ statusCode: 400, code: 'VALIDATION_FAILED', message: '', details: localErrors });
      const res = await c.api.call('PUT', path, undefined, {
        ...change,
        version: Number(text(req.body?.version)) || undefined,
      });
      if (!res.ok) return retry(res.error!);
      return reply.redirect(`/admin/settings/${encodeURIComponent(req.params.plugin)}?saved`, 303);
    });
  }

  @Get('r/:resource/:id/actions/:action')
  actionForm(
    @Req() req: FastifyRequest<{ Params: { resource: string; id: string; action: string } }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withRecordAction(req, reply, async (c, r, record, action) =>
      this.send(reply, 'action', await actionPage(c, r, action, { record: this.recordRef(r, record) }), r.name),
    );
  }

  @Post('r/:resource/:id/actions/:action')
  runAction(
    @Req() req: FastifyRequest<{ Params: { resource: string; id: string; action: string }; Body: Body }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withRecordAction(req, reply, (c, r, record, action) =>
      this.act(
        c,
        r,
        action,
        reply,
        req.body ?? {},
        { record: this.recordRef(r, record) },
        actionPath(r, action, record),
        `/admin/r/${r.name}/${record.id}`,
      ),
    );
  }

  /** A file field's file, read through the API as the user. */
  @Get('r/:resource/:id/files/:field')
  fileOf(
    @Req() req: FastifyRequest<{ Params: { resource: string; id: string; field: string } }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withResource(req, reply, async (c, r) => {
      const field = r.fields.find((f) => f.key === req.params.field && f.type === 'file' && f.upload);
      if (!field) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      const file = await c.api.file(recordPath(field.upload!.path, r, { id: req.params.id }));
      if (file.status >= 400) return this.sendError(reply, c, file.status, c.labels.t('error.notFound'));
      // Only images and PDFs open in the page; anything else (HTML above all) is downloaded, never run under /admin.
      const shown = /^(image\/(png|jpeg|gif|webp)|application\/pdf)\b/.test(file.contentType);
      return reply
        .header('content-type', file.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', shown ? 'inline' : 'attachment')
        .send(file.data);
    });
  }

  /** A new file for a file field, sent by admin.js as `{ contentType, data }` and passed on to the API as the user. */
  @Post('r/:resource/:id/files/:field')
  upload(
    @Req()
    req: FastifyRequest<{
      Params: { resource: string; id: string; field: string };
      Body: { contentType?: unknown; data?: unknown };
    }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withResource(req, reply, async (c, r) => {
      const field = r.fields.find((f) => f.key === req.params.field && f.type === 'file' && f.upload);
      if (!field) return reply.code(404).send({ message: c.labels.t('error.notFound') });
      const res = await c.api.call(
        field.upload!.method ?? 'PUT',
        recordPath(field.upload!.path, r, { id: req.params.id }),
        undefined,
        {
          contentType: req.body?.contentType,
          data: req.body?.data,
        },
      );
      if (!res.ok)
        return reply
          .code(res.status)
          .send({ message: [res.error!, ...(res.error!.details ?? [])].map((e) => c.labels.errorMessage(e)).pop() });
      return reply.send({ ok: true });
    });
  }

  /** A bulk action asks first, naming how many rows it will act on. */
  @Get('r/:resource/bulk')
  bulkForm(
    @Req() req: FastifyRequest<{ Params: { resource: string }; Querystring: Body }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withResource(req, reply, async (c, r) => {
      const action = bulkAction(c, r, text(req.query?.action));
      if (!action) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      const ids = selectedIds(req.query?.ids);
      if (!ids.length) return this.sendError(reply, c, 400, c.labels.t('action.noneSelected'));
      return this.send(reply, 'action', await actionPage(c, r, action, { ids }), r.name);
    });
  }

  @Post('r/:resource/bulk/:action')
  runBulk(
    @Req() req: FastifyRequest<{ Params: { resource: string; action: string }; Body: Body }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withResource(req, reply, async (c, r) => {
      const action = bulkAction(c, r, req.params.action);
      if (!action) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      const ids = selectedIds(req.body?.ids);
      if (!ids.length) return this.sendError(reply, c, 400, c.labels.t('action.noneSelected'));
      return this.act(c, r, action, reply, req.body ?? {}, { ids }, action.path, `/admin/r/${r.name}`);
    });
  }

  @Get('jobs/:id')
  job(
    @Req() req: FastifyRequest<{ Params: { id: string }; Querystring: { return?: string } }>,
    @Res() reply: FastifyReply,
  ) {
    return this.page(req, reply, async (c) => {
      const model = await jobPage(c, req.params.id, req.query?.return);
      if ('error' in model) return this.sendError(reply, c, model.status, model.error.message);
      return this.send(reply, 'job', model);
    });
  }

  /** Calls an action's API path as the user: a started job shows its progress, a plain answer goes back with a notice. */
  private async act(
    c: AdminContext,
    r: AdminResource,
    action: AdminAction,
    reply: FastifyReply,
    body: Body,
    target: ActionTarget,
    path: string,
    back: string,
  ) {
    const { values, payload, localErrors } = actionBody(r, action, body, target.ids);
    const retry = async (error: ApiError) =>
      this.send(
        reply.code(error.statusCode),
        'action',
        await actionPage(c, r, action, target, { values, error }),
        r.name,
      );
    if (localErrors.length)
      return retry({ statusCode: 400, code: 'VALIDATION_FAILED', message: '', details: localErrors });
    const method = action.method ?? 'POST';
    const res = await c.api.call(
      method,
      path,
      undefined,
      method === 'DELETE' && !Object.keys(payload).length ? undefined : payload,
    );
    if (!res.ok) return retry(res.error!);
    if (action.result)
      return this.send(
        reply,
        'result',
        resultPage(c, r, action.result, res.body, {
          key: action.key,
          heading: actionLabel(c, r, action),
          record: target.record,
          continueHref: back,
        }),
        r.name,
      );
    const jobId = startedJob(res);
    if (jobId)
      return reply.redirect(`/admin/jobs/${encodeURIComponent(jobId)}?return=${encodeURIComponent(back)}`, 303);
    return reply.redirect(`${back}?done=${encodeURIComponent(action.key)}`, 303);
  }

  private withRecordAction(
    req: FastifyRequest<{ Params: { resource: string; id: string; action: string } } & Record<string, any>>,
    reply: FastifyReply,
    render: (c: AdminContext, r: AdminResource, record: any, action: AdminAction) => Promise<unknown>,
  ) {
    return this.withRecord(req, reply, async (c, r, record) => {
      const { held } = await recordActions(c, this.admin.access, r, record);
      const offered = recordActionButtons(c, r, record, held).some((b) => b.key === req.params.action);
      // An action the user may not run here is as absent as one that does not exist.
      if (!offered) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      return render(
        c,
        r,
        record,
        r.actions!.find((a) => a.key === req.params.action)!,
      );
    });
  }
}

/** Row ids a bulk action was asked for: ids only, at most a page's worth. */
function selectedIds(raw: unknown): string[] {
  const ids = [raw ?? []].flat().filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id));
  return [...new Set(ids)].slice(0, 500);
}
