import { Injectable } from '@nestjs/common';
import type { LoadedPlugin } from './plugin.decorator.js';
import type {
  AdminResourceDefinition,
  AdminTab,
  PermissionDefinition,
  TemplateVariableSource,
} from './plugin.types.js';

/** What the enabled plugins contribute, in dependency order, for anyone who needs the whole picture. */
@Injectable()
export class PluginRegistry {
  constructor(readonly plugins: LoadedPlugin[]) {}

  has(id: string) {
    return this.plugins.some((p) => p.metadata.id === id);
  }

  /** The id of the enabled plugin that provides the port, if any (the loader allows one). */
  portProvider(portId: string): string | undefined {
    return this.plugins.find((p) => p.metadata.ports?.some((line) => line.port === portId))?.metadata.id;
  }

  permissions(): PermissionDefinition[] {
    return this.plugins.flatMap((p) => p.metadata.permissions ?? []);
  }

  adminResources(): (AdminResourceDefinition & { plugin: string })[] {
    return this.plugins.flatMap((p) => (p.metadata.adminResources ?? []).map((r) => ({ ...r, plugin: p.metadata.id })));
  }

  adminTabs(resource: string): (AdminTab & { plugin: string })[] {
    return this.plugins.flatMap((p) =>
      (p.metadata.adminTabs ?? [])
        .filter((t) => t.on.includes(resource) || t.on.includes('*'))
        .map((t) => ({ ...t, plugin: p.metadata.id })),
    );
  }

  templateVariableSources(): (TemplateVariableSource & { plugin: string })[] {
    return this.plugins.flatMap((p) =>
      (p.metadata.templateVariables ?? []).map((s) => ({ ...s, plugin: p.metadata.id })),
    );
  }
}
