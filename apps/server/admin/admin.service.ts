import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AccessService, AuthService, LiveEvents, PluginRegistry, type RequestContext } from '@clientele/core';
import type { AdminContext, AdminPreferences } from './admin-context.js';
import { ApiClient } from './api-client.js';
import { apiRoutes, findRoute, type ApiRoute } from './checks/api-routes.js';
import { AdminMetadataError } from './checks/admin-metadata-error.js';
import { checkAdminMetadata } from './checks/metadata-checks.js';
import { AdminCatalog } from './catalog.js';
import { Translations, type Language } from './i18n.js';
import { knownTimeZone, Labels } from './labels.js';
import { readCookies, readSession, TIME_ZONE_COOKIE } from './session.js';
import { AdminViews } from './views.js';

/** The admin's long-lived parts (metadata, messages, templates) and the per-request context. */
@Injectable()
export class AdminService implements OnModuleInit {
  readonly catalog: AdminCatalog;
  readonly translations: Translations;
  readonly views: AdminViews;
  /** The API's routes as the controllers declare them, read once at start-up. */
  private routes: ApiRoute[] = [];

  constructor(
    registry: PluginRegistry,
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService,
    readonly access: AccessService,
    @InjectDataSource() readonly db: DataSource,
    private readonly modules: ModulesContainer,
    readonly live: LiveEvents,
  ) {
    this.catalog = new AdminCatalog(registry);
    this.translations = new Translations(this.catalog.pluginIds());
    this.views = new AdminViews(this.translations, this.catalog.pluginIds());
  }

  /** Metadata pointing at no route, permission, resource or DTO property stops the start, as Django's admin checks do. */
  onModuleInit() {
    const { resources, allTabs: tabs, widgets, extensions, known: permissions } = this.catalog;
    this.routes = apiRoutes(this.modules);
    const enabled = ['core', ...this.catalog.pluginIds()];
    const problems = checkAdminMetadata({
      resources,
      tabs,
      widgets,
      extensions,
      enabled,
      permissions,
      routes: this.routes,
    });
    if (problems.length) throw new AdminMetadataError(problems.join('; '));
  }

  private get http(): FastifyInstance {
    return this.adapterHost.httpAdapter.getInstance();
  }

  language(request: FastifyRequest, ctx?: RequestContext): Language {
    return Translations.pick(ctx?.user?.preferences?.language, request.headers['accept-language']);
  }

  labels(language: Language, timeZone?: string) {
    return new Labels(this.translations, language, timeZone);
  }

  /** The user's chosen time zone, else the one their browser reported (admin.js keeps it in a cookie). */
  timeZone(request: FastifyRequest, ctx: RequestContext) {
    return knownTimeZone(ctx.user?.preferences?.timeZone) ?? knownTimeZone(readCookies(request)[TIME_ZONE_COOKIE]);
  }

  /** An API client for a visitor who has not signed in (the login form). */
  anonymousApi(language: Language) {
    return new ApiClient(this.http, null, language);
  }

  async context(request: FastifyRequest): Promise<AdminContext | null> {
    const session = await readSession(this.auth, request);
    if (!session) return null;
    const language = this.language(request, session.ctx);
    return {
      request,
      ctx: session.ctx,
      api: new ApiClient(this.http, session.token, language),
      labels: this.labels(language, this.timeZone(request, session.ctx)),
      held: await this.access.permissionsHeldAnywhere(session.ctx),
      prefs: (session.ctx.user!.preferences?.admin ?? {}) as AdminPreferences,
      catalog: this.catalog,
      serves: (method, path) => !!findRoute(this.routes, method, path),
    };
  }

  /** Saves the admin part of the user's preferences through the API (the whole object: the API merges top-level keys). */
  async savePreferences(c: AdminContext, change: Partial<AdminPreferences>, extra: Record<string, unknown> = {}) {
    const admin = { ...c.prefs, ...change };
    const res = await c.api.call('PATCH', '/api/me/preferences', undefined, { preferences: { ...extra, admin } });
    if (res.ok) c.prefs = admin;
    return res;
  }
}
