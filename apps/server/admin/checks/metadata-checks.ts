import type { AdminAction, AdminField, AdminFilter, AdminTab, AdminWidget } from '@clientele/core';
import type { AdminResource, PluginExtension } from '../catalog.js';
import { findRoute, type ApiRoute } from './api-routes.js';

export interface MetadataSources {
  resources: AdminResource[];
  tabs: (AdminTab & { plugin: string })[];
  widgets: (AdminWidget & { plugin: string })[];
  /** Columns and filters for other plugins' resources, and the plugins enabled (`core` among them). */
  extensions: PluginExtension[];
  enabled: string[];
  permissions: Set<string>;
  routes: ApiRoute[];
}

type Report = (message: string) => void;

/** The questions every check asks of the API and the other metadata, reporting to one place. */
class Checker {
  readonly problems: string[] = [];
  private readonly resources: Map<string, AdminResource>;

  constructor(private readonly sources: MetadataSources) {
    this.resources = new Map(sources.resources.map((r) => [r.name, r]));
  }

  /**
   * An extension of a resource whose plugin is not enabled is left out, but one naming a
   * resource its enabled plugin does not declare (or naming the wrong plugin for a resource
   * that is there) is misspelt. What it adds must not take a key the resource already has.
   */
  extension(e: PluginExtension) {
    const report = this.at(e.plugin, `extension of "${e.resource}"`);
    const target = this.resources.get(e.resource);
    if (target && target.plugin !== e.declaredBy) {
      report(`resource "${e.resource}" is declared by plugin "${target.plugin}", not "${e.declaredBy}"`);
      return;
    }
    if (!this.sources.enabled.includes(e.declaredBy)) return;
    if (!target) {
      report(`plugin "${e.declaredBy}" declares no admin resource "${e.resource}"`);
      return;
    }
    this.permission(report, 'permission', e.permission);
    for (const col of e.listColumns ?? [])
      if (target.listColumns.filter((c) => c.key === col.key).length > 1)
        report(`column "${col.key}" is already a column of "${e.resource}"`);
    for (const f of e.filters ?? []) {
      if ((target.filters ?? []).filter((other) => other.key === f.key).length > 1)
        report(`filter "${f.key}" is already a filter of "${e.resource}"`);
      this.filter(report, f);
    }
  }

  filter(report: Report, f: AdminFilter) {
    this.reference(report, `filter "${f.key}" reference`, f.reference);
    this.searchable(report, `filter "${f.key}"`, f);
    if (f.multiple && f.autocomplete) report(`filter "${f.key}" is multiple and autocompletes: choose one`);
  }

  at(plugin: string, what: string): Report {
    return (message) => this.problems.push(`admin metadata of plugin "${plugin}", ${what}: ${message}`);
  }

  route(report: Report, key: string, method: string, path: string | undefined) {
    if (path && !findRoute(this.sources.routes, method, path))
      report(`${key} "${method} ${path.split('?')[0]}" is served by no route`);
  }

  permission(report: Report, key: string, name: string | undefined) {
    if (name && !this.sources.permissions.has(name)) report(`${key} "${name}" is no declared permission`);
  }

  reference(report: Report, key: string, name: string | undefined) {
    if (name && !this.resources.has(name)) report(`${key} "${name}" is no admin resource`);
  }

  /** A field's own pointers: its reference, option list, upload path, autocomplete target. */
  field(report: Report, f: AdminField) {
    this.reference(report, `field "${f.key}" reference`, f.reference);
    if (f.optionsFrom) this.route(report, `field "${f.key}" optionsFrom.path`, 'GET', f.optionsFrom.path);
    // A read-only file field (e.g. an invoice's PDF) is only read: it needs the GET, not a route to send files to.
    if (f.upload)
      this.route(
        report,
        `field "${f.key}" upload.path`,
        f.readOnly ? 'GET' : (f.upload.method ?? 'PUT'),
        f.upload.path,
      );
    this.searchable(report, `field "${f.key}"`, f);
    if (f.type === 'rows' && !f.rowFields?.length) report(`field "${f.key}" of type rows has no rowFields`);
  }

  /** An autocomplete searches its target's list with `q`, which only a searchable resource answers. */
  searchable(report: Report, what: string, input: { autocomplete?: boolean; reference?: string }) {
    const target = input.reference ? this.resources.get(input.reference) : undefined;
    if (input.autocomplete && target && !target.searchable)
      report(`${what} autocompletes from "${target.name}", which is not searchable`);
  }

  /** Fields a form sends must be properties of the DTO the receiving route validates (when it is a class). */
  accepted(report: Report, fields: AdminField[], method: string, path: string, owner = '', extra: string[] = []) {
    const body = findRoute(this.sources.routes, method, path)?.bodyFields;
    if (!body) return;
    for (const f of fields) {
      const root = f.key.split('.')[0];
      if (!body.keys.has(root) && !extra.includes(root))
        report(`${owner}field "${f.key}" is not accepted by ${body.dto} (${method} ${path.split('?')[0]})`);
    }
  }

  action(report: Report, kind: string, action: AdminAction, bulk: boolean) {
    const method = action.method ?? 'POST';
    this.route(report, `${kind} "${action.key}" path`, method, action.path);
    this.route(report, `${kind} "${action.key}" when.path`, 'GET', action.when?.path);
    this.permission(report, `${kind} "${action.key}" permission`, action.permission);
    for (const f of action.fields ?? []) this.field(report, f);
    this.accepted(report, action.fields ?? [], method, action.path, `${kind} "${action.key}" `, bulk ? ['ids'] : []);
  }
}

/**
 * Django-style admin checks: every key of the admin metadata must point at something the API
 * serves — a route for each path, a declared permission, a known resource, and for form fields
 * a property the create or update DTO accepts. Each problem is one line naming the plugin, the
 * resource (or tab, widget) and the key.
 */
export function checkAdminMetadata(sources: MetadataSources): string[] {
  const check = new Checker(sources);
  for (const r of sources.resources) {
    const report = check.at(r.plugin, `resource "${r.name}"`);
    // A hidden resource has no list page: it is reached from a tab's rows, so any route on its records will do.
    const servesRecords = ['GET', 'PATCH', 'DELETE'].some((method) =>
      findRoute(sources.routes, method, `${r.apiPath}/:id`),
    );
    if (!r.hidden || !servesRecords) check.route(report, 'apiPath', 'GET', r.apiPath);
    if (r.historyPath) check.route(report, 'historyPath', 'GET', r.historyPath);
    check.permission(report, 'permission', r.permission);
    check.permission(report, 'createPermission', r.createPermission);
    check.permission(report, 'updatePermission', r.updatePermission);
    check.permission(report, 'deletePermission', r.deletePermission);
    for (const source of r.optionalColumns ?? [])
      check.route(report, `optionalColumns "${source.rowKey}" path`, 'GET', source.path);
    // Filters another plugin adds are checked as its extension's.
    for (const filter of (r.filters ?? []).filter((f) => !f.contributedBy)) check.filter(report, filter);
    for (const f of r.fields) check.field(report, f);
    const sent = r.fields.filter((f) => !f.readOnly && f.type !== 'file');
    check.accepted(
      report,
      sent.filter((f) => f.only !== 'edit'),
      'POST',
      r.apiPath,
    );
    check.accepted(
      report,
      sent.filter((f) => f.only !== 'create'),
      'PATCH',
      `${r.apiPath}/:id`,
    );
    const keys = new Set(r.fields.map((f) => f.key));
    for (const set of r.fieldsets ?? []) {
      for (const key of set.fields)
        if (!keys.has(key)) report(`fieldset "${set.key}" names "${key}", which is not one of its fields`);
    }
    for (const action of r.actions ?? []) check.action(report, 'action', action, false);
    for (const action of r.bulkActions ?? []) check.action(report, 'bulk action', action, true);
  }
  for (const tab of sources.tabs) {
    const report = check.at(tab.plugin, `tab "${tab.key}"`);
    for (const name of tab.on) if (name !== '*') check.reference(report, 'on', name);
    check.route(report, 'listPath', 'GET', tab.listPath);
    check.route(report, 'alerts.path', 'GET', tab.alerts?.path);
    check.route(report, 'when.path', 'GET', tab.when?.path);
    check.reference(report, 'createResource', tab.createResource);
    check.permission(report, 'permission', tab.permission);
  }
  for (const extension of sources.extensions) check.extension(extension);
  for (const widget of sources.widgets) {
    const report = check.at(widget.plugin, `widget "${widget.key}"`);
    check.route(report, 'path', 'GET', widget.path);
    check.reference(report, 'resource', widget.resource);
    check.permission(report, 'permission', widget.permission);
  }
  return check.problems;
}
