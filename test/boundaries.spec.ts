import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PLUGIN_METADATA, PluginMetadata } from '@clientele/core';
import { projectRoot } from '../apps/server/paths.js';

const pluginsDir = join(projectRoot, 'plugins');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const pluginIds = () => readdirSync(pluginsDir).filter((id) => statSync(join(pluginsDir, id)).isDirectory());

/**
 * The rule dependency-cruiser cannot see, because the list lives in the manifest: a plugin
 * imports another plugin (`@clientele/<id>`) only when it declares that plugin as a dependency.
 */
describe('plugin boundaries', () => {
  it.each(pluginIds().length ? pluginIds() : ['(none yet)'])('%s imports only the plugins it declares', async (id) => {
    if (id === '(none yet)') return;
    const module = await import(join(pluginsDir, id, `${id}.plugin.ts`));
    const pluginClass = Object.values(module).find(
      (v) => typeof v === 'function' && Reflect.hasMetadata(PLUGIN_METADATA, v),
    ) as Function;
    const manifest: PluginMetadata = Reflect.getMetadata(PLUGIN_METADATA, pluginClass);
    expect(manifest.id).toBe(id);
    const declared = new Set([...(manifest.dependencies ?? []), id, 'core']);
    const offending = sourceFiles(join(pluginsDir, id)).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from\s+'@clientele\/([a-z0-9-]+)'/g)]
        .map((m) => m[1])
        .filter((imported) => !declared.has(imported))
        .map((imported) => `${relative(projectRoot, file)} imports @clientele/${imported}`),
    );
    expect(offending).toEqual([]);
  });
});
