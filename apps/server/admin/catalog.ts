import { PluginRegistry, type AdminResourceDefinition, type AdminTab } from '@clientele/core';
import { coreAdminResources } from './core-resources.js';

export type AdminResource = AdminResourceDefinition & { plugin: string };

/** Every admin resource and tab: core's own, then the enabled plugins' in dependency order. */
export class AdminCatalog {
  readonly resources: AdminResource[];

  constructor(private readonly registry: PluginRegistry) {
    this.resources = [...coreAdminResources.map((r) => ({ ...r, plugin: 'core' })), ...registry.adminResources()];
  }

  find(name: string): AdminResource | undefined {
    return this.resources.find((r) => r.name === name);
  }

  tabs(resource: AdminResource): (AdminTab & { plugin: string })[] {
    return this.registry.adminTabs(resource.name).filter((t) => !t.on.includes('*') || t.on.includes(resource.name) || resource.nodeField);
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
