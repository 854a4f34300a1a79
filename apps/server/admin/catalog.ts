import {
  corePermissions,
  PluginRegistry,
  type AdminExtension,
  type AdminFilter,
  type AdminListColumn,
  type AdminResourceDefinition,
  type AdminTab,
  type AdminWidget,
} from '@clientele/core';
import { coreAdminResources } from './core-resources.js';

/** A column or filter another plugin adds: who added it, and the permission that shows it. */
export interface Contributed {
  contributedBy?: string;
  permission?: string;
}

export type AdminResource = Omit<AdminResourceDefinition, 'listColumns' | 'filters'> & {
  plugin: string;
  listColumns: (AdminListColumn & Contributed)[];
  filters?: (AdminFilter & Contributed)[];
};

export type PluginExtension = AdminExtension & { plugin: string };

/** Every admin resource and tab: core's own, then the enabled plugins' in dependency order. */
export class AdminCatalog {
  readonly resources: AdminResource[];
  /** Every permission core and the plugins declare. */
  readonly known: Set<string>;
  /** The overview's tiles, in plugin order. */
  readonly widgets: (AdminWidget & { plugin: string })[];
  /** Every tab of every plugin, whatever it hangs on. */
  readonly allTabs: (AdminTab & { plugin: string })[];
  /** Every plugin's columns and filters for other plugins' resources, merged into them or not. */
  readonly extensions: PluginExtension[];

  constructor(private readonly registry: PluginRegistry) {
    this.extensions = registry.plugins.flatMap((p) =>
      (p.metadata.adminExtensions ?? []).map((e) => ({ ...e, plugin: p.metadata.id })),
    );
    this.resources = [...coreAdminResources.map((r) => ({ ...r, plugin: 'core' })), ...registry.adminResources()].map(
      (r) => extended(r, this.extensions),
    );
    this.known = new Set([...corePermissions, ...registry.permissions()].map((p) => p.name));
    this.widgets = registry.plugins.flatMap((p) =>
      (p.metadata.adminWidgets ?? []).map((w) => ({ ...w, plugin: p.metadata.id })),
    );
    this.allTabs = registry.plugins.flatMap((p) =>
      (p.metadata.adminTabs ?? []).map((t) => ({ ...t, plugin: p.metadata.id })),
    );
  }

  /**
   * The permission that allows changing or deleting a record. Metadata may name it; otherwise
   * the naming convention `<plugin>.<thing>.read` → `.write`/`.manage` (and `.delete`) is
   * followed when such a permission exists, and the create permission last.
   */
  permissionFor(r: AdminResource, action: 'update' | 'delete'): string | undefined {
    const named = action === 'update' ? r.updatePermission : (r.deletePermission ?? r.updatePermission);
    if (named) return named;
    const stem = r.permission.endsWith('.read') ? r.permission.slice(0, -5) : undefined;
    const candidates = stem
      ? (action === 'delete' ? ['delete', 'write', 'manage'] : ['write', 'manage']).map((verb) => `${stem}.${verb}`)
      : [];
    return candidates.find((p) => this.known.has(p)) ?? r.createPermission;
  }

  find(name: string): AdminResource | undefined {
    return this.resources.find((r) => r.name === name);
  }

  tabs(resource: AdminResource): (AdminTab & { plugin: string })[] {
    return this.registry
      .adminTabs(resource.name)
      .filter((t) => !t.on.includes('*') || t.on.includes(resource.name) || resource.nodeField);
  }

  /** The resource a reference points to, read from a field or filter with the same key. */
  referenceOf(resource: AdminResource, key: string): AdminResource | undefined {
    const source = [...resource.fields, ...(resource.filters ?? [])].find((f) => f.key === key && f.reference);
    return source?.reference ? this.find(source.reference) : undefined;
  }

  pluginIds() {
    return this.registry.plugins.map((p) => p.metadata.id);
  }
}

/** The resource with the columns and filters other plugins add to it, in plugin order after its own. */
export function extended(
  r: AdminResourceDefinition & { plugin: string },
  extensions: PluginExtension[],
): AdminResource {
  const mine = extensions.filter((e) => e.resource === r.name && e.declaredBy === r.plugin);
  if (!mine.length) return r;
  const tag = (e: PluginExtension) => ({ contributedBy: e.plugin, permission: e.permission });
  return {
    ...r,
    listColumns: [
      ...r.listColumns,
      ...mine.flatMap((e) => (e.listColumns ?? []).map((col) => ({ ...col, ...tag(e) }))),
    ],
    filters: [...(r.filters ?? []), ...mine.flatMap((e) => (e.filters ?? []).map((f) => ({ ...f, ...tag(e) })))],
  };
}
