import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { PluginMetadata } from './plugin.types.js';
import { portToken } from './ports.js';

export const PLUGIN_METADATA = Symbol('clientele:plugin');

/**
 * Declares a plugin in one place: everything it adds to Clientele. The class becomes an
 * ordinary NestJS module; the host reads the rest (permissions, migrations, jobs, admin
 * resources …) from the metadata.
 */
export function ClientelePlugin(metadata: PluginMetadata): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(PLUGIN_METADATA, metadata, target);
    const jobProviders = [
      ...(metadata.jobs ?? []).map((j) => j.provider),
      ...(metadata.events?.handlers ?? []).map((h) => h.provider),
      ...(metadata.commands ?? []).map((c) => c.provider),
      ...(metadata.seeds ?? []).map((s) => s.provider),
      ...(metadata.templateVariables ?? []).map((s) => s.provider),
      ...(metadata.ports ?? []).map((p) => p.useExisting),
    ];
    const portProviders = (metadata.ports ?? []).map((p) => ({
      provide: portToken(p.port),
      useExisting: p.useExisting,
    }));
    const providers = [...new Set([...(metadata.providers ?? []), ...jobProviders]), ...portProviders];
    Module({
      imports: [TypeOrmModule.forFeature((metadata.entities ?? []) as any[]), ...(metadata.imports ?? [])],
      controllers: metadata.controllers ?? [],
      providers,
      exports: metadata.exports ?? (providers as any[]),
    })(target);
  };
}

export function pluginMetadata(pluginClass: Function): PluginMetadata {
  const metadata = Reflect.getMetadata(PLUGIN_METADATA, pluginClass);
  if (!metadata) throw new Error(`${pluginClass.name} is not decorated with @ClientelePlugin`);
  return metadata;
}

export interface LoadedPlugin {
  metadata: PluginMetadata;
  module: Function;
}
