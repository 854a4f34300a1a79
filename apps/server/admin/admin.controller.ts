import { Controller, Get, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { AuthService, lastEventIdOf, Public, type AdminAction } from '@clientele/core';
import type { AdminContext } from './admin-context.js';
import type { ApiError } from './api-client.js';
import { pageModel, reachable } from './admin-context.js';
import { AdminService } from './admin.service.js';
import type { AdminResource } from './catalog.js';
import { lastAuthor } from './history.js';
import { knownTimeZone } from './labels.js';
import { pluginSettingsPage, settingsChange, type PluginSettings } from './pages/plugin-settings-page.js';
import { referenceSuggestions } from './references.js';
import { explainPage, overviewPage, settingsPage } from './pages/access-pages.js';
import { actionBody, actionPage, actionPath, bulkAction, recordActionButtons, startedJob, type ActionTarget } from './pages/actions-page.js';
import { detailPage, recordActions } from './pages/detail-page.js';
import { jobPage } from './pages/job-page.js';
import { recordPath } from './pages/contributed-tab.js';
import { formPage, safeReturn, submittedValues, toPayload, valuesOf, type FormMode, type FormState } from './pages/form-page.js';
import { listPage, type ListParams } from './pages/list-page.js';
import { runtimeBase } from '../paths.js';
import { streamToAdmin } from './live-stream.js';
import { LAST_MODULE_COOKIE, readCookies, readSession, SESSION_COOKIE, setCookie } from './session.js';
import { valueAt } from './values.js';

type Body = Record<string, string | string[] | undefined>;

const ASSETS: Record<string, { file: () => string; type: string }> = {
  'admin.css': { file: () => join(runtimeBase, 'apps/server/admin/assets/admin.css'), type: 'text/css; charset=utf-8' },
  'admin.js': { file: () => join(runtimeBase, 'apps/server/admin/assets/admin.js'), type: 'text/javascript; charset=utf-8' },
  'htmx.min.js': { file: () => createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
};

const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? String(value[value.length - 1] ?? '') : '');

/**
 * The admin UI at /admin: server-rendered pages generated from the admin metadata. The pages
 * are public routes for the API's guard; they check the session cookie themselves and act
 * through the API as the signed-in user.
 */
@ApiExcludeController()
@Public()
@Controller('admin')
export class AdminController {
  private readonly logger = new Logger('Admin');

  constructor(
    private readonly admin: AdminService,
    private readonly auth: AuthService,
  ) {}

  @Get('assets/:file')
  asset(@Req() req: FastifyRequest<{ Params: { file: string } }>, @Res() reply: FastifyReply) {
    const asset = ASSETS[req.params.file];
    if (!asset || !existsSync(asset.file())) return reply.code(404).send('Not found');
    return reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600').send(createReadStream(asset.file()));
  }

  /** Live updates for the open list or card (Server-Sent Events), as the signed-in user may see them. */
  @Get('events')
  async events(@Req() req: FastifyRequest<{ Querystring: { lastEventId?: string } }>, @Res() reply: FastifyReply) {
    const session = await readSession(this.auth, req);
    if (!session) return reply.code(401).send();
    const header = req.headers['last-event-id'];
    return streamToAdmin(this.admin.live, session.ctx, lastEventIdOf(typeof header === 'string' ? header : undefined, req.query?.lastEventId), reply);
  }

  @Get('login')
  loginForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderLogin(req, reply, 200);
  }

  @Post('login')
  async login(@Req() req: FastifyRequest<{ Body: Body }>, @Res() reply: FastifyReply) {
    const language = this.admin.language(req);
    const email = text(req.body?.email);
    const res = await this.admin.anonymousApi(language).call('POST', '/api/auth/login', undefined, { email, password: text(req.body?.password) });
    if (!res.ok) return this.renderLogin(req, reply, res.status === 429 ? 429 : 401, email, res.status === 429 ? 'login.tooMany' : 'login.failed');
    setCookie(reply, req, SESSION_COOKIE, res.body.token);
    const next = text((req.query as Record<string, unknown>)?.next);
    return reply.redirect(next.startsWith('/admin') && !next.startsWith('//') ? next : '/admin', 303);
  }

  @Post('logout')
  async logout(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const c = await this.admin.context(req);
    if (c) await c.api.call('POST', '/api/auth/logout');
    setCookie(reply, req, SESSION_COOKIE, '', 0);
    return reply.redirect('/admin/login', 303);
  }

  @Get()
  landing(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => reply.redirect(await this.landingOf(c, req), 303));
  }

  @Get('overview')
  overview(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => this.send(reply, 'overview', await overviewPage(c)));
  }

  @Get('settings')
  settings(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => this.send(reply, 'settings', await settingsPage(c, 'saved' in (req.query as object))));
  }

  @Post('settings')
  saveSettings(@Req() req: FastifyRequest<{ Body: Body }>, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => {
      const language = text(req.body?.language);
      await this.admin.savePreferences(c, { landing: text(req.body?.landing) || 'overview' }, {
        language: ['en', 'cs'].includes(language) ? language : null,
        timeZone: knownTimeZone(text(req.body?.timeZone)) ?? null,
      });
      return reply.redirect('/admin/settings?saved', 303);
    });
  }

  @Get('settings/:plugin')
  pluginSettings(@Req() req: FastifyRequest<{ Params: { plugin: string } }>, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => {
      const res = await c.api.get<PluginSettings>(`/api/settings/${encodeURIComponent(req.params.plugin)}`);
      if (!res.ok) return this.sendError(reply, c, res.status === 403 ? 404 : res.status, c.labels.t('error.notFound'));
      return this.send(reply, 'plugin-settings', pluginSettingsPage(c, res.body, { saved: 'saved' in (req.query as object) }));
    });
  }

  @Post('settings/:plugin')
  savePluginSettings(@Req() req: FastifyRequest<{ Params: { plugin: string }; Body: Body }>, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => {
      const path = `/api/settings/${encodeURIComponent(req.params.plugin)}`;
      const current = await c.api.get<PluginSettings>(path);
      if (!current.ok) return this.sendError(reply, c, current.status === 403 ? 404 : current.status, c.labels.t('error.notFound'));
      const { change, typed, localErrors } = settingsChange(current.body, req.body ?? {});
      const retry = (error: ApiError) =>
        this.send(reply.code(error.statusCode), 'plugin-settings', pluginSettingsPage(c, { ...current.body, version: Number(text(req.body?.version)) || current.body.version }, { typed, error }));
      if (localErrors.length) return retry({ statusCode: 400, code: 'VALIDATION_FAILED', message: '', details: localErrors });
      const res = await c.api.call('PUT', path, undefined, { ...change, version: Number(text(req.body?.version)) || undefined });
      if (!res.ok) return retry(res.error!);
      return reply.redirect(`/admin/settings/${encodeURIComponent(req.params.plugin)}?saved`, 303);
    });
  }

  @Get('access/explain')
  explain(@Req() req: FastifyRequest<{ Querystring: Record<string, string> }>, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => this.send(reply, 'explain', await explainPage(c, req.query)));
  }

  @Get('r/:resource')
  list(@Req() req: FastifyRequest<{ Params: { resource: string }; Querystring: ListParams }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      setCookie(reply, req, LAST_MODULE_COOKIE, r.name, 60 * 60 * 24 * 365);
      return this.send(reply, 'list', await listPage(c, r, req.query ?? {}), r.name);
    });
  }

  @Post('r/:resource/columns')
  saveColumns(@Req() req: FastifyRequest<{ Params: { resource: string }; Body: Body }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const cols = [req.body?.cols ?? []].flat().filter((k): k is string => typeof k === 'string');
      await this.admin.savePreferences(c, { columns: { ...c.prefs.columns, [r.name]: cols } });
      return reply.redirect(`/admin/r/${r.name}`, 303);
    });
  }

  @Post('r/:resource/saved-filters')
  saveFilter(@Req() req: FastifyRequest<{ Params: { resource: string }; Body: Body }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const saved = [...(c.prefs.savedFilters?.[r.name] ?? [])];
      const remove = text(req.body?.remove);
      if (remove) saved.splice(Number(remove), 1);
      else saved.push({ name: text(req.body?.name).slice(0, 100) || c.labels.t('list.unnamedFilter'), query: text(req.body?.query).slice(0, 2000) });
      await this.admin.savePreferences(c, { savedFilters: { ...c.prefs.savedFilters, [r.name]: saved } });
      return reply.redirect(remove ? `/admin/r/${r.name}` : `/admin/r/${r.name}?${text(req.body?.query)}`, 303);
    });
  }

  /** Suggestions for an autocomplete: the resource's records matching `q`, as the user may see them. */
  @Get('r/:resource/lookup')
  lookup(@Req() req: FastifyRequest<{ Params: { resource: string }; Querystring: { q?: string } }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => reply.send({ items: await referenceSuggestions(c, r, text(req.query?.q).slice(0, 200)) }));
  }

  @Get('r/:resource/new')
  newForm(@Req() req: FastifyRequest<{ Params: { resource: string }; Querystring: Body }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const values = submittedValues(r, 'create', req.query ?? {});
      return this.send(reply, 'form', await formPage(c, r, 'create', { values, returnTo: safeReturn(req.query?._return) }), r.name);
    });
  }

  @Post('r/:resource')
  create(@Req() req: FastifyRequest<{ Params: { resource: string }; Body: Body }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, (c, r) => this.submit(c, r, reply, 'create', req.body ?? {}));
  }

  @Get('r/:resource/:id')
  detail(@Req() req: FastifyRequest<{ Params: { resource: string; id: string }; Querystring: { tab?: string; cursor?: string; done?: string } }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const model = await detailPage(c, this.admin.access, this.admin.db, r, req.params.id, req.query?.tab, req.query?.cursor, text(req.query?.done));
      if ('error' in model) return this.sendError(reply, c, model.status, model.error.message);
      return this.send(reply, 'detail', model, r.name);
    });
  }

  @Get('r/:resource/:id/edit')
  editForm(@Req() req: FastifyRequest<{ Params: { resource: string; id: string } }>, @Res() reply: FastifyReply) {
    return this.withRecord(req, reply, async (c, r, record) => {
      const values = valuesOf(r, 'edit', record, c.labels.timeZone);
      return this.send(reply, 'form', await formPage(c, r, 'edit', { values, original: values, version: record.version }, this.recordRef(r, record)), r.name);
    });
  }

  @Post('r/:resource/:id')
  update(@Req() req: FastifyRequest<{ Params: { resource: string; id: string }; Body: Body }>, @Res() reply: FastifyReply) {
    return this.withRecord(req, reply, (c, r, record) => this.submit(c, r, reply, 'edit', req.body ?? {}, record));
  }

  @Get('r/:resource/:id/delete')
  confirmDelete(@Req() req: FastifyRequest<{ Params: { resource: string; id: string } }>, @Res() reply: FastifyReply) {
    return this.withRecord(req, reply, async (c, r, record) => {
      const actions = await recordActions(c, this.admin.access, r, record);
      if (!actions.canDelete) return this.sendError(reply, c, 403, c.labels.t('error.forbidden'));
      const ref = this.recordRef(r, record);
      return this.send(reply, 'delete', pageModel(c, c.labels.t('delete.title', { what: ref.title }), r, {
        resource: { name: r.name, label: c.labels.resource(r) }, record: ref, softDelete: !!r.softDelete,
      }), r.name);
    });
  }

  @Post('r/:resource/:id/delete')
  remove(@Req() req: FastifyRequest<{ Params: { resource: string; id: string } }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const res = await c.api.call('DELETE', `${r.apiPath}/${req.params.id}`);
      if (!res.ok) return this.sendError(reply, c, res.status, res.error!.message);
      return reply.redirect(`/admin/r/${r.name}?done=deleted`, 303);
    });
  }

  @Post('r/:resource/:id/restore')
  restore(@Req() req: FastifyRequest<{ Params: { resource: string; id: string } }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const res = await c.api.call('POST', `${r.apiPath}/${req.params.id}/restore`);
      if (!res.ok) return this.sendError(reply, c, res.status, res.error!.message);
      return reply.redirect(`/admin/r/${r.name}/${req.params.id}`, 303);
    });
  }

  @Get('r/:resource/:id/actions/:action')
  actionForm(@Req() req: FastifyRequest<{ Params: { resource: string; id: string; action: string } }>, @Res() reply: FastifyReply) {
    return this.withRecordAction(req, reply, async (c, r, record, action) =>
      this.send(reply, 'action', await actionPage(c, r, action, { record: this.recordRef(r, record) }), r.name));
  }

  @Post('r/:resource/:id/actions/:action')
  runAction(@Req() req: FastifyRequest<{ Params: { resource: string; id: string; action: string }; Body: Body }>, @Res() reply: FastifyReply) {
    return this.withRecordAction(req, reply, (c, r, record, action) =>
      this.act(c, r, action, reply, req.body ?? {}, { record: this.recordRef(r, record) }, actionPath(r, action, record), `/admin/r/${r.name}/${record.id}`));
  }

  /** A file field's file, read through the API as the user. */
  @Get('r/:resource/:id/files/:field')
  fileOf(@Req() req: FastifyRequest<{ Params: { resource: string; id: string; field: string } }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const field = r.fields.find((f) => f.key === req.params.field && f.type === 'file' && f.upload);
      if (!field) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      const file = await c.api.file(recordPath(field.upload!.path, r, { id: req.params.id }));
      if (file.status >= 400) return this.sendError(reply, c, file.status, c.labels.t('error.notFound'));
      return reply.header('content-type', file.contentType).header('x-content-type-options', 'nosniff').send(file.data);
    });
  }

  /** A new file for a file field, sent by admin.js as `{ contentType, data }` and passed on to the API as the user. */
  @Post('r/:resource/:id/files/:field')
  upload(@Req() req: FastifyRequest<{ Params: { resource: string; id: string; field: string }; Body: { contentType?: unknown; data?: unknown } }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const field = r.fields.find((f) => f.key === req.params.field && f.type === 'file' && f.upload);
      if (!field) return reply.code(404).send({ message: c.labels.t('error.notFound') });
      const res = await c.api.call(field.upload!.method ?? 'PUT', recordPath(field.upload!.path, r, { id: req.params.id }), undefined, {
        contentType: req.body?.contentType,
        data: req.body?.data,
      });
      if (!res.ok) return reply.code(res.status).send({ message: [res.error!, ...(res.error!.details ?? [])].map((e) => c.labels.errorMessage(e)).pop() });
      return reply.send({ ok: true });
    });
  }

  /** A bulk action asks first, naming how many rows it will act on. */
  @Get('r/:resource/bulk')
  bulkForm(@Req() req: FastifyRequest<{ Params: { resource: string }; Querystring: Body }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const action = bulkAction(c, r, text(req.query?.action));
      if (!action) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      const ids = selectedIds(req.query?.ids);
      if (!ids.length) return this.sendError(reply, c, 400, c.labels.t('action.noneSelected'));
      return this.send(reply, 'action', await actionPage(c, r, action, { ids }), r.name);
    });
  }

  @Post('r/:resource/bulk/:action')
  runBulk(@Req() req: FastifyRequest<{ Params: { resource: string; action: string }; Body: Body }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const action = bulkAction(c, r, req.params.action);
      if (!action) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      const ids = selectedIds(req.body?.ids);
      if (!ids.length) return this.sendError(reply, c, 400, c.labels.t('action.noneSelected'));
      return this.act(c, r, action, reply, req.body ?? {}, { ids }, action.path, `/admin/r/${r.name}`);
    });
  }

  @Get('jobs/:id')
  job(@Req() req: FastifyRequest<{ Params: { id: string }; Querystring: { return?: string } }>, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => {
      const model = await jobPage(c, req.params.id, req.query?.return);
      if ('error' in model) return this.sendError(reply, c, model.status, model.error.message);
      return this.send(reply, 'job', model);
    });
  }

  /** Calls an action's API path as the user: a started job shows its progress, a plain answer goes back with a notice. */
  private async act(c: AdminContext, r: AdminResource, action: AdminAction, reply: FastifyReply, body: Body, target: ActionTarget, path: string, back: string) {
    const { values, payload, localErrors } = actionBody(r, action, body, target.ids);
    const retry = async (error: ApiError) => this.send(reply.code(error.statusCode), 'action', await actionPage(c, r, action, target, { values, error }), r.name);
    if (localErrors.length) return retry({ statusCode: 400, code: 'VALIDATION_FAILED', message: '', details: localErrors });
    const method = action.method ?? 'POST';
    const res = await c.api.call(method, path, undefined, method === 'DELETE' && !Object.keys(payload).length ? undefined : payload);
    if (!res.ok) return retry(res.error!);
    const jobId = startedJob(res);
    if (jobId) return reply.redirect(`/admin/jobs/${encodeURIComponent(jobId)}?return=${encodeURIComponent(back)}`, 303);
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
      return render(c, r, record, r.actions!.find((a) => a.key === req.params.action)!);
    });
  }

  private async submit(c: AdminContext, r: AdminResource, reply: FastifyReply, mode: FormMode, body: Body, record?: any) {
    const values = submittedValues(r, mode, body);
    const original = mode === 'edit' ? safeParse(text(body._original)) : undefined;
    const version = mode === 'edit' ? Number(text(body.version)) || undefined : undefined;
    const returnTo = safeReturn(text(body._return));
    const { payload, localErrors } = toPayload(r, mode, values, original, c.labels.timeZone);
    const ref = record ? this.recordRef(r, record) : undefined;
    const retry = async (state: Partial<FormState>) =>
      this.send(reply.code(state.conflictBy !== undefined ? 409 : (state.error?.statusCode ?? 400)), 'form', await formPage(c, r, mode, { values, original, version, returnTo, ...state }, ref), r.name);
    if (localErrors.length) return retry({ error: { statusCode: 400, code: 'VALIDATION_FAILED', message: '', details: localErrors } });

    const res = mode === 'create'
      ? await c.api.call('POST', r.apiPath, undefined, payload)
      : await c.api.call('PATCH', `${r.apiPath}/${record.id}`, undefined, { ...payload, version });
    if (res.ok) {
      const id = mode === 'create' ? (res.body?.id ?? res.body?.user?.id) : record.id;
      if (returnTo) return reply.redirect(returnTo, 303);
      return reply.redirect(id && c.api.has('GET', `${r.apiPath}/:id`) ? `/admin/r/${r.name}/${id}` : `/admin/r/${r.name}`, 303);
    }
    if (res.status === 409 && res.error?.code === 'VERSION_CONFLICT') {
      const who = (await lastAuthor(c, this.admin.db, r, record.id)) ?? c.labels.t('form.someoneElse');
      return retry({ error: res.error, conflictBy: who });
    }
    return retry({ error: res.error });
  }

  private recordRef(r: AdminResource, record: any) {
    return { id: record.id as string, title: String(valueAt(record, r.titleField) ?? record.id) };
  }

  private async landingOf(c: AdminContext, req: FastifyRequest): Promise<string> {
    // A plugin may say where a user's work is (contacts: the one customer, consumer or service they
    // administer); without such a route, or when it answers "the list", the user's own choice holds.
    if (!c.ctx.isMasterAdmin && c.api.has('GET', '/api/me/landing')) {
      const res = await c.api.get('/api/me/landing');
      const target = res.ok && res.body?.id ? c.catalog.resources.find((r) => res.body.path === `${r.apiPath}/${res.body.id}`) : undefined;
      if (target) return `/admin/r/${target.name}/${res.body.id}`;
    }
    const landing = c.prefs.landing ?? 'overview';
    const wanted = landing === 'last' ? readCookies(req)[LAST_MODULE_COOKIE] : landing.startsWith('resource:') ? landing.slice(9) : undefined;
    return wanted && c.catalog.find(wanted) ? `/admin/r/${wanted}` : '/admin/overview';
  }

  private renderLogin(req: FastifyRequest, reply: FastifyReply, status: number, email = '', error?: string) {
    const labels = this.admin.labels(this.admin.language(req));
    const next = text((req.query as Record<string, unknown>)?.next);
    const html = this.admin.views.render('login', {
      title: labels.t('login.title'), lang: labels.lang, email, error: error && labels.t(error), next: next ? `?next=${encodeURIComponent(next)}` : '', bare: true,
    });
    return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(html);
  }

  /** Runs a signed-in page; without a session the visitor is sent to the login form and back. */
  private async page(req: FastifyRequest, reply: FastifyReply, render: (c: AdminContext) => Promise<unknown>) {
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

  private withResource(req: FastifyRequest<{ Params: { resource: string } } & Record<string, any>>, reply: FastifyReply, render: (c: AdminContext, r: AdminResource) => Promise<unknown>) {
    return this.page(req, reply, async (c) => {
      const r = this.admin.catalog.find(req.params.resource);
      // A resource the user may not read does not exist for them, like a record they may not see.
      if (!r || !reachable(c).includes(r)) return this.sendError(reply, c, 404, c.labels.t('error.notFound'));
      return render(c, r);
    });
  }

  private withRecord(req: FastifyRequest<{ Params: { resource: string; id: string } } & Record<string, any>>, reply: FastifyReply, render: (c: AdminContext, r: AdminResource, record: any) => Promise<unknown>) {
    return this.withResource(req, reply, async (c, r) => {
      const res = await c.api.get(`${r.apiPath}/${req.params.id}`);
      if (!res.ok) return this.sendError(reply, c, res.status, res.error!.message);
      return render(c, r, res.body);
    });
  }

  private send(reply: FastifyReply, page: string, model: any, resource?: string) {
    return reply.header('content-type', 'text/html; charset=utf-8').send(this.admin.views.render(page, model, resource));
  }

  private sendError(reply: FastifyReply, c: AdminContext, status: number, message: string) {
    const title = c.labels.t(status === 404 ? 'error.notFoundTitle' : status === 403 ? 'error.forbiddenTitle' : 'error.title');
    return this.send(reply.code(status), 'error', pageModel(c, title, undefined, { heading: title, message, status }));
  }
}

/** Row ids a bulk action was asked for: ids only, at most a page's worth. */
function selectedIds(raw: unknown): string[] {
  const ids = [raw ?? []].flat().filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id));
  return [...new Set(ids)].slice(0, 500);
}

function safeParse(value: string) {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
