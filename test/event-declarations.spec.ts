import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ClienteleEvent, PLUGIN_METADATA, PluginMetadata, auditableEntities, pluginMetadata } from '@clientele/core';
import { projectRoot } from '../apps/server/paths.js';

/**
 * A manifest's `events.emits` against what the plugin really publishes. Publishing an event no
 * manifest declares is refused by EventBus at run time (so every e2e run that publishes one
 * fails); this checks the other direction and the declarations themselves, for every plugin
 * in plugins/.
 */
const pluginsDir = join(projectRoot, 'plugins');
// A plugin is a folder with its public entry.
const pluginDirs = readdirSync(pluginsDir).filter((d) => existsSync(join(pluginsDir, d, 'index.ts')));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.e2e-spec.ts') ? [path] : [];
  });
}

interface Loaded {
  dir: string;
  exports: Record<string, unknown>;
  metadata: PluginMetadata;
}

async function load(dir: string): Promise<Loaded> {
  const exports = (await import(`../plugins/${dir}/index.js`)) as Record<string, unknown>;
  const plugin = Object.values(exports).find((v) => typeof v === 'function' && Reflect.getMetadata(PLUGIN_METADATA, v));
  if (!plugin) throw new Error(`plugins/${dir}/index.ts exports no plugin class`);
  return { dir, exports, metadata: pluginMetadata(plugin as Function) };
}

/** Events RecordService and RetentionService publish for the plugin's entities. */
function recordEvents(metadata: PluginMetadata): Function[] {
  const entities = new Set(metadata.entities ?? []);
  return auditableEntities()
    .filter(([entity]) => entities.has(entity))
    .flatMap(([, options]) => Object.values(options.events ?? {}) as Function[]);
}

describe('the events each plugin declares', () => {
  let plugins: Loaded[];
  beforeAll(async () => {
    plugins = [];
    // One at a time: Jest's module linker does not take concurrent dynamic imports of one graph.
    for (const dir of pluginDirs) plugins.push(await load(dir));
  });

  it('finds the plugins that publish events, contacts and notes among them', () => {
    const publishing = plugins.filter((p) => p.metadata.events?.emits?.length).map((p) => p.metadata.id);
    expect(publishing).toEqual(expect.arrayContaining(['contacts', 'notes']));
  });

  it('declares typed event classes, each type once across all plugins, exported from the plugin index', () => {
    const owners = new Map<string, string>();
    for (const { dir, exports, metadata } of plugins) {
      for (const event of metadata.events?.emits ?? []) {
        expect({
          plugin: dir,
          event: event.name,
          typed: event.prototype instanceof ClienteleEvent && typeof event.type === 'string',
        }).toEqual({ plugin: dir, event: event.name, typed: true });
        expect({ plugin: dir, event: event.type, exported: Object.values(exports).includes(event) }).toEqual({
          plugin: dir,
          event: event.type,
          exported: true,
        });
        expect({ event: event.type, also: owners.get(event.type) ?? dir }).toEqual({ event: event.type, also: dir });
        owners.set(event.type, dir);
      }
    }
  });

  it('declares every change event its records publish through RecordService', () => {
    for (const { dir, metadata } of plugins) {
      const declared = new Set<Function>(metadata.events?.emits ?? []);
      const missing = recordEvents(metadata)
        .filter((event) => !declared.has(event))
        .map((e) => `${dir}: ${(e as any).type}`);
      expect(missing).toEqual([]);
    }
    expect(recordEvents(plugins.find((p) => p.dir === 'contacts')!.metadata).length).toBeGreaterThan(10);
  });

  it('publishes every declared event that is not a record change somewhere in its code', () => {
    for (const { dir, metadata } of plugins) {
      const fromRecords = new Set(recordEvents(metadata));
      const files = sources(join(pluginsDir, dir)).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
      const publishesAtAll = files.some((f) => /\.publish(Many)?\(/.test(f.text));
      for (const event of metadata.events?.emits ?? []) {
        if (fromRecords.has(event)) continue;
        const name = new RegExp(`\\b${event.name}\\b`);
        const declaredIn = files.find((f) => new RegExp(`class ${event.name}\\b`).test(f.text))?.path;
        const usedIn = files
          .filter((f) => f.path !== declaredIn && !f.path.endsWith('index.ts') && name.test(f.text))
          .map((f) => relative(pluginsDir, f.path));
        expect({ plugin: dir, event: event.type, publishes: publishesAtAll, used: usedIn.length > 0 }).toEqual({
          plugin: dir,
          event: event.type,
          publishes: true,
          used: true,
        });
      }
    }
  });
});
