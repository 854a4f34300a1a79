import { Injectable, OnApplicationBootstrap, OnModuleDestroy, type Type } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_NODE_ID } from '../access/constants.js';
import { AccessService } from '../access/access.service.js';
import { RequestContext } from '../auth/request-context.js';
import { ClienteleConfig } from '../config/config.js';
import { listeningConnections, settingsChanges } from '../database/listening-client.js';
import { newId } from '../database/ids.js';
import { AppError, forbidden, invalid, notFound, staleVersion } from '../errors/app-error.js';
import { HistoryQueryService } from '../history/history-query.service.js';
import { HistoryService } from '../history/history.service.js';
import { PluginRegistry } from '../plugin/plugin-registry.js';
import type { ListQueryDto } from '../records/list-query.dto.js';
import type { AuditableOptions } from '../records/auditable.js';
import { SECRET_SHOWN, secretKeys, settingsJsonSchema, settingsValues, validatedSettings } from './settings-schema.js';
import { StoredSettings } from './stored-settings.entity.js';

/** Reading and changing settings, on the system node: master admins, and whoever they grant a role carrying it there. */
export const SETTINGS_MANAGE = 'core.settings.manage';

/** History kind of a settings change; each setting is a field of the entry, secrets only as changed. */
export const SETTINGS_TYPE = 'settings';
const audit = (schema: Type<object>): AuditableOptions => ({
  type: SETTINGS_TYPE,
  node: () => SYSTEM_NODE_ID,
  secretFields: secretKeys(schema),
});

/**
 * Longest settings are kept without a change announced (a safety net, not the mechanism): behind
 * a pooler in transaction mode, where announcements do not arrive, a change still reaches every
 * process within this time.
 */
const KEEP_MS = 30_000;

/** What the API shows of one plugin's settings. */
export interface PluginSettingsView {
  plugin: string;
  schema: ReturnType<typeof settingsJsonSchema>;
  values: Record<string, unknown>;
  version: number;
  updatedAt: Date;
}

/**
 * Plugins' typed settings: declared by a class in the manifest, stored one row per plugin,
 * read with `get(SettingsClass)`. Each process keeps what it read until the database announces a
 * change (any process or tool: migration 0003, heard on every pooled connection), a listening
 * connection is lost or 30 s pass; with no connection listening it reads every time.
 */
@Injectable()
export class SettingsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly pluginOf = new Map<Type<object>, string>();
  private readonly schemaOf = new Map<string, Type<object>>();
  /** Per plugin, what its row starts with: `settings.<plugin>` of the config file over the class's defaults. */
  private readonly initial = new Map<string, Record<string, unknown>>();
  private readonly cache = new Map<string, { until: number; settings: Promise<Readonly<object>> }>();
  private readonly forget = () => this.cache.clear();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly history: HistoryService,
    private readonly historyQuery: HistoryQueryService,
    private readonly access: AccessService,
    config: ClienteleConfig,
    registry: PluginRegistry,
  ) {
    for (const plugin of registry.plugins) {
      const schema = plugin.metadata.settings?.schema;
      if (!schema) continue;
      this.pluginOf.set(schema, plugin.metadata.id);
      this.schemaOf.set(plugin.metadata.id, schema);
      this.initial.set(
        plugin.metadata.id,
        initialValues(schema, plugin.metadata.id, config.settings[plugin.metadata.id]),
      );
    }
    settingsChanges.on('changed', this.forget);
    settingsChanges.on('lost', this.forget);
  }

  /** Every plugin's settings exist from the first start: the config file's values over the defaults. */
  async onApplicationBootstrap() {
    for (const plugin of this.schemaOf.keys()) await this.db.transaction((m) => this.stored(m, plugin));
  }

  onModuleDestroy() {
    settingsChanges.off('changed', this.forget);
    settingsChanges.off('lost', this.forget);
  }

  /** The current settings of the plugin that declares `schema`, as an instance of it (frozen). */
  get<T extends object>(schema: Type<T>): Promise<Readonly<T>> {
    const plugin = this.pluginOf.get(schema);
    if (!plugin) throw new Error(`${schema.name} is not the settings class of an enabled plugin`);
    const cached = this.cache.get(plugin);
    if (cached && cached.until > Date.now()) return cached.settings as Promise<Readonly<T>>;
    const entry = {
      until: Date.now() + KEEP_MS,
      settings: this.row(plugin).then((row) => Object.freeze(this.instance(schema, row))),
    };
    // Kept only while some connection listens: otherwise a change elsewhere could go unheard.
    if (listeningConnections() > 0) {
      this.cache.set(plugin, entry);
      entry.settings.catch(() => this.cache.get(plugin) === entry && this.cache.delete(plugin));
    }
    return entry.settings as Promise<Readonly<T>>;
  }

  /** All plugins' settings with their schemas. */
  async list(ctx: RequestContext): Promise<PluginSettingsView[]> {
    await this.requireManager(ctx);
    const views: PluginSettingsView[] = [];
    for (const plugin of this.schemaOf.keys()) views.push(await this.current(plugin));
    return views;
  }

  async read(plugin: string, ctx: RequestContext): Promise<PluginSettingsView> {
    await this.requireManager(ctx);
    return this.current(plugin);
  }

  /**
   * Changes the given settings (the others keep their values) if the caller saw the current
   * `version`; 409 otherwise. Each changed setting is a field of one history entry.
   */
  async update(plugin: string, body: unknown, ctx: RequestContext): Promise<PluginSettingsView> {
    await this.requireManager(ctx);
    const schema = this.definition(plugin);
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw invalid('body', 'IS_OBJECT', 'Send the settings as a JSON object');
    const { version, ...changes } = body as Record<string, unknown>;
    for (const key of secretKeys(schema)) if (changes[key] === SECRET_SHOWN) delete changes[key];
    if (version !== undefined && !Number.isInteger(version))
      throw invalid('version', 'IS_INT', 'version must be an integer');
    // Readers in this process drop what they kept as the committing connection hears the change announced, before COMMIT returns.
    return this.db.transaction(async (m) => {
      const row = await this.stored(m, plugin, true);
      if (version !== undefined && row.version !== version) throw staleVersion(row.version);
      const before = settingsValues(schema, this.instance(schema, row));
      const next = validatedSettings(schema, { ...before, ...changes });
      const after = settingsValues(schema, next);
      if (JSON.stringify(before) === JSON.stringify(after)) return this.view(schema, row, next);
      row.value = after;
      await m.save(row);
      await this.history.record(m, audit(schema), 'update', row.id, before, after, ctx);
      return this.view(schema, row, next);
    });
  }

  async historyOf(plugin: string, ctx: RequestContext, query: ListQueryDto) {
    await this.requireManager(ctx);
    this.definition(plugin);
    const row = await this.row(plugin);
    return this.historyQuery.forRecord(ctx, SETTINGS_TYPE, row.id, query);
  }

  private async current(plugin: string): Promise<PluginSettingsView> {
    const schema = this.definition(plugin);
    const row = await this.row(plugin);
    return this.view(schema, row, this.instance(schema, row));
  }

  private async requireManager(ctx: RequestContext) {
    if (!(await this.access.can(ctx, SETTINGS_MANAGE, SYSTEM_NODE_ID)))
      throw forbidden('Only master admins, or those they let, manage settings');
  }

  private definition(plugin: string) {
    const schema = this.schemaOf.get(plugin);
    if (!schema) throw notFound('Plugin settings');
    return schema;
  }

  /** The plugin's row: one look-up, as the start has written it (a transaction only when it has not). */
  private async row(plugin: string): Promise<StoredSettings> {
    return (
      (await this.db.getRepository(StoredSettings).findOne({ where: { plugin } })) ??
      this.db.transaction((m) => this.stored(m, plugin))
    );
  }

  /** The plugin's row, written with its initial values when missing; `lock` for a change. */
  private async stored(m: EntityManager, plugin: string, lock = false): Promise<StoredSettings> {
    const find = () =>
      m.findOne(StoredSettings, { where: { plugin }, lock: lock ? { mode: 'pessimistic_write' } : undefined });
    const existing = await find();
    if (existing) return existing;
    const schema = this.definition(plugin);
    const value = this.initial.get(plugin)!;
    const id = newId();
    const inserted = await m.query(
      `INSERT INTO settings (id, plugin, value) VALUES ($1, $2, $3) ON CONFLICT (plugin) DO NOTHING RETURNING id`,
      [id, plugin, JSON.stringify(value)],
    );
    if (inserted.length)
      await this.history.record(m, audit(schema), 'create', id, null, value, RequestContext.system());
    return (await find())!;
  }

  /**
   * Stored values over the class's defaults: a setting added since the row was written, or
   * stored as null, has its default; one the class no longer has is left out.
   */
  private instance<T extends object>(schema: Type<T>, row: StoredSettings): T {
    const known = Object.keys(settingsJsonSchema(schema).properties);
    return plainToInstance(
      schema,
      Object.fromEntries(Object.entries(row.value).filter(([key, value]) => known.includes(key) && value !== null)),
    );
  }

  /** Secrets show only whether they are set. */
  private view(schema: Type<object>, row: StoredSettings, instance: object): PluginSettingsView {
    const values = settingsValues(schema, instance);
    for (const key of secretKeys(schema)) if (values[key] !== null) values[key] = SECRET_SHOWN;
    return {
      plugin: row.plugin,
      schema: settingsJsonSchema(schema),
      values,
      version: row.version,
      updatedAt: row.updatedAt,
    };
  }
}

/**
 * Checked while the server is being put together, before anything starts working: a value the
 * class refuses stops the start with one line naming `settings.<plugin>.<field>`.
 */
function initialValues(schema: Type<object>, plugin: string, configured: Record<string, unknown> = {}) {
  try {
    return settingsValues(schema, validatedSettings(schema, configured, `settings.${plugin}`));
  } catch (error) {
    throw error instanceof AppError ? new Error(`config/clientele.json: ${error.message}`) : error;
  }
}
