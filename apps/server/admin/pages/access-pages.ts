import { holds } from '../admin-access.js';
import { pageModel, reachable, readable, type AdminContext } from '../admin-context.js';
import { valueAt } from '../values.js';
import { referenceTitle } from '../references.js';

/** "Why can this user see this customer?": core's explain, as a form and its answer. */
export async function explainPage(c: AdminContext, query: { user?: string; permission?: string; node?: string }) {
  const [userTitle, permissions] = await Promise.all([
    query.user ? referenceTitle(c, 'users', query.user) : '',
    c.api.get('/api/access/permissions'),
  ]);
  const asked = !!(query.user && query.permission && query.node);
  const res = asked
    ? await c.api.get('/api/access/explain', { user: query.user, permission: query.permission, node: query.node })
    : undefined;
  const answer = res?.ok ? res.body : undefined;
  return pageModel(c, c.labels.t('explain.title'), undefined, {
    userTitle,
    userText: query.user ?? '',
    permissions: (permissions.ok ? (permissions.body.items as { name: string; description: string }[]) : []).map(
      (p) => ({
        value: p.name,
        label: `${p.name} — ${p.description}`,
        selected: p.name === query.permission,
      }),
    ),
    node: query.node ?? '',
    error: res && !res.ok ? res.error?.message : undefined,
    answer: answer && {
      allowed: answer.allowed,
      reason: c.labels.t(`explain.reason.${answer.reason}`, {}, answer.reason),
      user: answer.user.displayName,
      node: answer.node.label ?? answer.node.id,
      nodeKind: answer.node.kind,
      grants: answer.grants.map((g: any) => ({
        role: g.role.name,
        node: g.node.label ?? g.node.id,
        nodeKind: g.node.kind,
        via:
          g.via === 'direct'
            ? c.labels.t('explain.direct')
            : c.labels.t('explain.viaGroup', { group: g.via.group.name }),
      })),
    },
  });
}

/** The overview's tiles the plugins declare, read as the user: a tile whose list the user may not read is left out. */
async function widgets(c: AdminContext) {
  const tiles = await Promise.all(
    c.catalog.widgets
      .filter((w) => !w.permission || holds(c.held, w.permission))
      .map(async (w) => {
        const res = await c.api.get(w.path, { limit: w.kind === 'list' ? (w.limit ?? 5) : 1 });
        if (!res.ok) return undefined;
        const target = w.resource ? c.catalog.find(w.resource) : undefined;
        const openable = !!target && reachable(c).includes(target);
        return {
          label: c.labels.t(`widget.${w.plugin}.${w.key}`, {}, w.label),
          href: openable ? `/admin/r/${target!.name}` : undefined,
          list: w.kind === 'list',
          count: w.kind === 'count' ? res.body.total : undefined,
          estimate: w.kind === 'count' && !!res.body.totalIsEstimate,
          items:
            w.kind === 'list'
              ? (res.body.items as any[]).map((item) => ({
                  text: String(valueAt(item, w.titleField ?? target?.titleField ?? 'id') ?? item.id),
                  href: openable && item.id ? `/admin/r/${target!.name}/${item.id}` : undefined,
                }))
              : undefined,
        };
      }),
  );
  return tiles.filter((t) => t !== undefined);
}

/** The overview landing: the plugins' tiles, then every readable resource with how many records the user sees. */
export async function overviewPage(c: AdminContext) {
  const tiles = await widgets(c);
  const resources = await Promise.all(
    readable(c).map(async (r) => {
      const res = await c.api.get(r.apiPath, { limit: 1 });
      return {
        label: c.labels.resource(r),
        href: `/admin/r/${r.name}`,
        total: res.ok ? res.body.total : undefined,
        estimate: res.ok && res.body.totalIsEstimate,
      };
    }),
  );
  return pageModel(c, c.labels.t('overview.title'), undefined, { resources, widgets: tiles });
}

/** The user's own settings, and for master admins the plugins whose settings they may edit. */
export async function settingsPage(c: AdminContext, saved: boolean) {
  const landing = c.prefs.landing ?? 'overview';
  const language = c.ctx.user!.preferences?.language ?? '';
  const timeZone = c.ctx.user!.preferences?.timeZone ?? '';
  const plugins =
    c.ctx.isMasterAdmin && c.api.has('GET', '/api/settings') ? await c.api.get('/api/settings') : undefined;
  return pageModel(c, c.labels.t('settings.title'), undefined, {
    saved,
    timeZones: [
      { value: '', label: c.labels.t('settings.timeZoneBrowser') },
      ...Intl.supportedValuesOf('timeZone').map((zone) => ({ value: zone, label: zone })),
    ].map((z) => ({ ...z, selected: z.value === timeZone })),
    plugins: plugins?.ok
      ? (plugins.body.items as { plugin: string }[]).map((p) => ({
          href: `/admin/settings/${p.plugin}`,
          label: c.labels.t(`plugin.${p.plugin}`, {}, p.plugin),
        }))
      : [],
    languages: [
      { value: '', label: c.labels.t('settings.languageBrowser') },
      { value: 'en', label: 'English' },
      { value: 'cs', label: 'Čeština' },
    ].map((l) => ({ ...l, selected: l.value === language })),
    landings: [
      { value: 'overview', label: c.labels.t('settings.landingOverview') },
      { value: 'last', label: c.labels.t('settings.landingLast') },
      ...readable(c).map((r) => ({
        value: `resource:${r.name}`,
        label: c.labels.t('settings.landingList', { list: c.labels.resource(r) }),
      })),
    ].map((l) => ({ ...l, selected: l.value === landing })),
  });
}
