import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LoadedPlugin, PLUGIN_METADATA, pluginMetadata } from '@clientele/core';
import { projectRoot, runtimeBase, runtimeExtension } from './paths.js';

export class PluginLoadError extends Error {}

const BUILT_IN = /^[a-z][a-z0-9-]*$/;

/** Where a config entry's code lives: a built-in id, a path (from the project folder) or an npm package. */
function entryUrl(entry: string): string {
  if (BUILT_IN.test(entry)) {
    const file = join(runtimeBase, 'plugins', entry, `${entry}.plugin.${runtimeExtension}`);
    if (!existsSync(file))
      throw new PluginLoadError(`Unknown plugin "${entry}": there is no plugins/${entry}/${entry}.plugin.ts`);
    return pathToFileURL(file).href;
  }
  if (entry.startsWith('.') || isAbsolute(entry)) {
    const candidates = [
      join(runtimeBase, entry, `index.${runtimeExtension}`),
      join(resolve(projectRoot, entry), 'index.js'),
    ];
    const found = candidates.find((c) => existsSync(c));
    if (!found) throw new PluginLoadError(`Plugin "${entry}" not found (looked for ${candidates.join(', ')})`);
    return pathToFileURL(found).href;
  }
  return entry;
}

async function load(entry: string): Promise<LoadedPlugin> {
  let exports: Record<string, unknown>;
  try {
    exports = await import(entryUrl(entry));
  } catch (error) {
    if (error instanceof PluginLoadError) throw error;
    throw new PluginLoadError(`Plugin "${entry}" could not be loaded: ${(error as Error).message}`);
  }
  const module = Object.values(exports).find(
    (value) => typeof value === 'function' && Reflect.hasMetadata(PLUGIN_METADATA, value),
  ) as Function | undefined;
  if (!module) throw new PluginLoadError(`"${entry}" exports no class decorated with @ClientelePlugin`);
  return { module, metadata: pluginMetadata(module) };
}

/** One provider per port: two would leave `OptionalPorts.get` to pick one silently. */
function checkPorts(loaded: LoadedPlugin[]) {
  const providers = new Map<string, string>();
  for (const plugin of loaded) {
    for (const { port } of plugin.metadata.ports ?? []) {
      const other = providers.get(port);
      if (other)
        throw new PluginLoadError(`Plugins "${other}" and "${plugin.metadata.id}" both provide the port "${port}"`);
      providers.set(port, plugin.metadata.id);
    }
  }
}

/**
 * Loads the configured plugins and orders them so every plugin comes after its dependencies, and
 * after its optional dependencies that are enabled.
 */
export async function loadPlugins(entries: string[]): Promise<LoadedPlugin[]> {
  // One after another: Jest's ES-module loader fails ("not in cache") when two imports race for a module they share (a plugin and its dependency).
  const loaded: LoadedPlugin[] = [];
  for (const entry of new Set(entries)) loaded.push(await load(entry));
  const byId = new Map(loaded.map((p) => [p.metadata.id, p]));
  for (const plugin of loaded) {
    for (const dependency of plugin.metadata.dependencies ?? []) {
      if (!byId.has(dependency)) {
        throw new PluginLoadError(`Plugin "${plugin.metadata.id}" needs plugin "${dependency}", which is not enabled`);
      }
    }
  }
  checkPorts(loaded);
  const before = (plugin: LoadedPlugin) =>
    [...(plugin.metadata.dependencies ?? []), ...(plugin.metadata.optionalDependencies ?? [])].flatMap(
      (id) => byId.get(id) ?? [],
    );
  const ordered: LoadedPlugin[] = [];
  const visiting = new Set<string>();
  const visit = (plugin: LoadedPlugin) => {
    if (ordered.includes(plugin)) return;
    if (visiting.has(plugin.metadata.id))
      throw new PluginLoadError(`Plugins depend on each other in a circle at "${plugin.metadata.id}"`);
    visiting.add(plugin.metadata.id);
    before(plugin).forEach(visit);
    ordered.push(plugin);
  };
  loaded.forEach(visit);
  return ordered;
}
