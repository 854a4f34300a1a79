import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Public } from '@clientele/core';
import type { AdminContext } from './admin-context.js';
import { pageModel } from './admin-context.js';
import { AdminPages, text, type Body } from './admin-pages.js';
import { AdminService } from './admin.service.js';
import type { AdminResource } from './catalog.js';
import { lastAuthor } from './history.js';
import { knownTimeZone } from './labels.js';
import { explainPage, overviewPage, settingsPage } from './pages/access-pages.js';
import { detailPage, recordActions } from './pages/detail-page.js';
import {
  formPage,
  safeReturn,
  submittedValues,
  toPayload,
  valuesOf,
  type FormMode,
  type FormState,
} from './pages/form-page.js';
import { listPage, type ListParams } from './pages/list-page.js';
import { resultPage } from './pages/result-page.js';
import { runtimeBase } from '../paths.js';
import { LAST_MODULE_COOKIE, readCookies, SESSION_COOKIE, setCookie } from './session.js';
import { valueAt } from './values.js';

const ASSETS: Record<string, { file: () => string; type: string }> = {
  'admin.css': { file: () => join(runtimeBase, 'apps/server/admin/assets/admin.css'), type: 'text/css; charset=utf-8' },
  'admin.js': {
    file: () => join(runtimeBase, 'apps/server/admin/assets/admin.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'htmx.min.js': {
    file: () => createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

/**
 * The admin UI at /admin: server-rendered pages generated from the admin metadata (sign-in,
 * lists, cards, forms, the user's settings). The pages are public routes for the API's guard;
 * they check the session cookie themselves and act through the API as the signed-in user.
 */
@ApiExcludeController()
@Public()
@Controller('admin')
export class AdminController extends AdminPages {
  constructor(admin: AdminService) {
    super(admin);
  }

  @Get('assets/:file')
  asset(@Req() req: FastifyRequest<{ Params: { file: string } }>, @Res() reply: FastifyReply) {
    const asset = ASSETS[req.params.file];
    if (!asset || !existsSync(asset.file())) return reply.code(404).send('Not found');
    return reply
      .header('content-type', asset.type)
      .header('cache-control', 'public, max-age=3600')
      .send(createReadStream(asset.file()));
  }

  @Get('login')
  loginForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderLogin(req, reply, 200);
  }

  @Post('login')
  async login(@Req() req: FastifyRequest<{ Body: Body }>, @Res() reply: FastifyReply) {
    const language = this.admin.language(req);
    const email = text(req.body?.email);
    const res = await this.admin
      .anonymousApi(language)
      .call('POST', '/api/auth/login', undefined, { email, password: text(req.body?.password) });
    if (!res.ok)
      return this.renderLogin(
        req,
        reply,
        res.status === 429 ? 429 : 401,
        email,
        res.status === 429 ? 'login.tooMany' : 'login.failed',
      );
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
    return this.page(req, reply, async (c) =>
      this.send(reply, 'settings', await settingsPage(c, 'saved' in (req.query as object))),
    );
  }

  @Post('settings')
  saveSettings(@Req() req: FastifyRequest<{ Body: Body }>, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => {
      const language = text(req.body?.language);
      await this.admin.savePreferences(
        c,
        { landing: text(req.body?.landing) || 'overview' },
        {
          language: ['en', 'cs'].includes(language) ? language : null,
          timeZone: knownTimeZone(text(req.body?.timeZone)) ?? null,
        },
      );
      return reply.redirect('/admin/settings?saved', 303);
    });
  }

  @Get('access/explain')
  explain(@Req() req: FastifyRequest<{ Querystring: Record<string, string> }>, @Res() reply: FastifyReply) {
    return this.page(req, reply, async (c) => this.send(reply, 'explain', await explainPage(c, req.query)));
  }

  @Get('r/:resource')
  list(
    @Req() req: FastifyRequest<{ Params: { resource: string }; Querystring: ListParams }>,
    @Res() reply: FastifyReply,
  ) {
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
      else
        saved.push({
          name: text(req.body?.name).slice(0, 100) || c.labels.t('list.unnamedFilter'),
          query: text(req.body?.query).slice(0, 2000),
        });
      await this.admin.savePreferences(c, { savedFilters: { ...c.prefs.savedFilters, [r.name]: saved } });
      return reply.redirect(remove ? `/admin/r/${r.name}` : `/admin/r/${r.name}?${text(req.body?.query)}`, 303);
    });
  }

  @Get('r/:resource/new')
  newForm(@Req() req: FastifyRequest<{ Params: { resource: string }; Querystring: Body }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, async (c, r) => {
      const values = submittedValues(r, 'create', req.query ?? {});
      return this.send(
        reply,
        'form',
        await formPage(c, r, 'create', { values, returnTo: safeReturn(req.query?._return) }),
        r.name,
      );
    });
  }

  @Post('r/:resource')
  create(@Req() req: FastifyRequest<{ Params: { resource: string }; Body: Body }>, @Res() reply: FastifyReply) {
    return this.withResource(req, reply, (c, r) => this.submit(c, r, reply, 'create', req.body ?? {}));
  }

  @Get('r/:resource/:id')
  detail(
    @Req()
    req: FastifyRequest<{
      Params: { resource: string; id: string };
      Querystring: { tab?: string; cursor?: string; done?: string };
    }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withResource(req, reply, async (c, r) => {
      const model = await detailPage(
        c,
        this.admin.access,
        this.admin.db,
        r,
        req.params.id,
        req.query?.tab,
        req.query?.cursor,
        text(req.query?.done),
      );
      if ('error' in model) return this.sendError(reply, c, model.status, model.error.message);
      return this.send(reply, 'detail', model, r.name);
    });
  }

  @Get('r/:resource/:id/edit')
  editForm(@Req() req: FastifyRequest<{ Params: { resource: string; id: string } }>, @Res() reply: FastifyReply) {
    return this.withRecord(req, reply, async (c, r, record) => {
      const values = valuesOf(r, 'edit', record, c.labels.timeZone);
      return this.send(
        reply,
        'form',
        await formPage(c, r, 'edit', { values, original: values, version: record.version }, this.recordRef(r, record)),
        r.name,
      );
    });
  }

  @Post('r/:resource/:id')
  update(
    @Req() req: FastifyRequest<{ Params: { resource: string; id: string }; Body: Body }>,
    @Res() reply: FastifyReply,
  ) {
    return this.withRecord(req, reply, (c, r, record) => this.submit(c, r, reply, 'edit', req.body ?? {}, record));
  }

  @Get('r/:resource/:id/delete')
  confirmDelete(@Req() req: FastifyRequest<{ Params: { resource: string; id: string } }>, @Res() reply: FastifyReply) {
    return this.withRecord(req, reply, async (c, r, record) => {
      const actions = await recordActions(c, this.admin.access, r, record);
      if (!actions.canDelete) return this.sendError(reply, c, 403, c.labels.t('error.forbidden'));
      const ref = this.recordRef(r, record);
      return this.send(
        reply,
        'delete',
        pageModel(c, c.labels.t('delete.title', { what: ref.title }), r, {
          resource: { name: r.name, label: c.labels.resource(r) },
          record: ref,
          softDelete: !!r.softDelete,
        }),
        r.name,
      );
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

  private async submit(
    c: AdminContext,
    r: AdminResource,
    reply: FastifyReply,
    mode: FormMode,
    body: Body,
    record?: any,
  ) {
    const values = submittedValues(r, mode, body);
    const original = mode === 'edit' ? safeParse(text(body._original)) : undefined;
    const version = mode === 'edit' ? Number(text(body.version)) || undefined : undefined;
    const returnTo = safeReturn(text(body._return));
    const { payload, localErrors } = toPayload(r, mode, values, original, c.labels.timeZone);
    const ref = record ? this.recordRef(r, record) : undefined;
    const retry = async (state: Partial<FormState>) =>
      this.send(
        reply.code(state.conflictBy !== undefined ? 409 : (state.error?.statusCode ?? 400)),
        'form',
        await formPage(c, r, mode, { values, original, version, returnTo, ...state }, ref),
        r.name,
      );
    if (localErrors.length)
      return retry({ error: { statusCode: 400, code: 'VALIDATION_FAILED', message: '', details: localErrors } });

    const res =
      mode === 'create'
        ? await c.api.call('POST', r.apiPath, undefined, payload)
        : await c.api.call('PATCH', `${r.apiPath}/${record.id}`, undefined, { ...payload, version });
    if (res.ok) {
      const created = r.createResult?.recordKey ? valueAt(res.body, r.createResult.recordKey) : res.body;
      const id = mode === 'create' ? (created?.id ?? res.body?.user?.id) : record.id;
      const next =
        returnTo ?? (id && c.api.has('GET', `${r.apiPath}/:id`) ? `/admin/r/${r.name}/${id}` : `/admin/r/${r.name}`);
      if (mode === 'create' && r.createResult) {
        const heading = c.labels.t('form.createTitle', { what: c.labels.singular(r) });
        return this.send(
          reply,
          'result',
          resultPage(c, r, r.createResult, res.body, { key: 'create', heading, continueHref: next }),
          r.name,
        );
      }
      return reply.redirect(next, 303);
    }
    if (res.status === 409 && res.error?.code === 'VERSION_CONFLICT') {
      const who = (await lastAuthor(c, this.admin.db, r, record.id)) ?? c.labels.t('form.someoneElse');
      return retry({ error: res.error, conflictBy: who });
    }
    return retry({ error: res.error });
  }

  private async landingOf(c: AdminContext, req: FastifyRequest): Promise<string> {
    // A plugin may say where a user's work is (contacts: the one customer, consumer or service they
    // administer); without such a route, or when it answers "the list", the user's own choice holds.
    if (!c.ctx.isMasterAdmin && c.api.has('GET', '/api/me/landing')) {
      const res = await c.api.get('/api/me/landing');
      const target =
        res.ok && res.body?.id
          ? c.catalog.resources.find((r) => res.body.path === `${r.apiPath}/${res.body.id}`)
          : undefined;
      if (target) return `/admin/r/${target.name}/${res.body.id}`;
    }
    const landing = c.prefs.landing ?? 'overview';
    const wanted =
      landing === 'last'
        ? readCookies(req)[LAST_MODULE_COOKIE]
        : landing.startsWith('resource:')
          ? landing.slice(9)
          : undefined;
    return wanted && c.catalog.find(wanted) ? `/admin/r/${wanted}` : '/admin/overview';
  }

  private renderLogin(req: FastifyRequest, reply: FastifyReply, status: number, email = '', error?: string) {
    const labels = this.admin.labels(this.admin.language(req));
    const next = text((req.query as Record<string, unknown>)?.next);
    const html = this.admin.views.render('login', {
      title: labels.t('login.title'),
      lang: labels.lang,
      email,
      error: error && labels.t(error),
      next: next ? `?next=${encodeURIComponent(next)}` : '',
      bare: true,
    });
    return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(html);
  }
}

function safeParse(value: string) {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
