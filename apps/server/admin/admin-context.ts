import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '@clientele/core';
import type { ApiClient } from './api-client.js';
import type { AdminCatalog, AdminResource } from './catalog.js';
import { holds, type Held } from './admin-access.js';
import type { Labels } from './labels.js';

export interface NavGroup {
  label: string;
  items: { name: string; label: string; href: string; current: boolean }[];
}

/** Everything a page needs about the signed-in user, built once per request. */
export interface AdminContext {
  request: FastifyRequest;
  ctx: RequestContext;
  api: ApiClient;
  labels: Labels;
  held: Held;
  /** The user's own settings (`preferences.admin`): landing page, columns, saved filters. */
  prefs: AdminPreferences;
  catalog: AdminCatalog;
  /** Whether the API serves a metadata path (`/api/visits/:id/photo`), whatever its routes name their parameters. */
  serves(method: string, path: string): boolean;
}

export interface SavedFilter {
  name: string;
  query: string;
}

export interface AdminPreferences {
  landing?: string;
  columns?: Record<string, string[]>;
  savedFilters?: Record<string, SavedFilter[]>;
}

/** Resources the user may read somewhere; hidden ones (reached from a card's tab) stay out of the navigation. */
export const reachable = (c: AdminContext) => c.catalog.resources.filter((r) => holds(c.held, r.permission));
export const readable = (c: AdminContext) => reachable(c).filter((r) => !r.hidden);

export function navigation(c: AdminContext, current?: string): NavGroup[] {
  const groups = new Map<string, NavGroup>();
  for (const r of readable(c)) {
    const key = r.navGroup ?? r.plugin;
    if (!groups.has(key)) groups.set(key, { label: c.labels.navGroup(key), items: [] });
    groups.get(key)!.items.push({
      name: r.name,
      label: c.labels.resource(r),
      href: `/admin/r/${r.name}`,
      current: r.name === current,
    });
  }
  return [...groups.values()];
}

/** The common part of every signed-in page model. */
export function pageModel(
  c: AdminContext,
  title: string,
  current?: AdminResource,
  extra: Record<string, unknown> = {},
) {
  return {
    title,
    lang: c.labels.lang,
    user: { id: c.ctx.user!.id, displayName: c.ctx.user!.displayName, email: c.ctx.user!.email },
    nav: navigation(c, current?.name),
    canExplain: holds(c.held, 'core.access.read'),
    ...extra,
  };
}
