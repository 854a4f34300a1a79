import type { DynamicModule, Provider, Type } from '@nestjs/common';
import type { Notifiable } from '../events/clientele-event.js';

/**
 * One port this plugin provides: `useExisting` (one of its providers, added to them) answers
 * `OptionalPorts.get` for the port whose id is `port`.
 */
export interface PortProvider {
  port: string;
  useExisting: Type<any>;
}

export interface PermissionDefinition {
  /** `<plugin>.<resource>.<action>`, e.g. `contacts.customer.read`. */
  name: string;
  description: string;
}

/**
 * A built-in role. Several plugins may contribute permissions to the same role code
 * (`administrator`, `caller`); the host merges them when it syncs roles at boot.
 */
export interface RoleDefinition {
  code: string;
  name?: string;
  description?: string;
  permissions: string[];
}

export interface ScopeKindDefinition {
  kind: string;
  label: string;
  /** Kinds this kind may hang under. */
  parents: string[];
}

/** Plain SQL, applied once per database and recorded under the plugin's id. */
export interface MigrationDefinition {
  name: string;
  up: string;
}

/** A provider method called by the scheduler; it runs once per slot across all server processes. */
export interface ScheduledJobDefinition {
  name: string;
  cron: string;
  description?: string;
  provider: Type<any>;
  method: string;
}

/**
 * A typed event: one class per event, exported from the emitting plugin's `index.ts`, e.g.
 * `export class CustomerCreated extends ClienteleEvent<{ customerId: string }> { static readonly type = 'customer.created'; }`.
 */
export interface EventClass<P = any> {
  readonly type: string;
  /** Set when operators may be notified of the event (see `Notifiable`). */
  readonly notifiable?: Notifiable<P>;
  new (...args: any[]): { readonly payload: P };
}

/**
 * Runs after the emitting transaction commits, through the durable outbox: retried when it
 * throws, delivered at least once (the envelope's `id` lets a handler be idempotent), in any
 * server process. Called as `method(payload, envelope)`. `event: 'notifiable'` subscribes to
 * every notifiable event of every enabled plugin (the notification rules), without importing them.
 */
export interface EventHandlerDefinition {
  event: EventClass | 'notifiable';
  provider: Type<any>;
  method: string;
}

/**
 * Durable background work of a plugin: jobs are enqueued with `JobQueue.enqueue(name, data, options)`
 * — in the caller's transaction when given its manager — and run by `method(data, progress, job)`
 * in whichever server process picks them up. Higher `priority` first; retried with back-off;
 * a job that keeps failing stays failed with its last error.
 */
export interface QueueDefinition {
  /** `<plugin>.<work>`, e.g. `templates.send-message`. */
  name: string;
  description?: string;
  provider: Type<any>;
  method: string;
  /**
   * Optional: a provider method that runs a fetched batch of jobs together,
   * `batchMethod(jobs: { input, info }[])` → one `PromiseSettledResult` per job, in order, so
   * that shared work (one statement claiming them all) is done once. A rejected job fails
   * alone and is retried alone (later through `method` or the batch again).
   */
  batchMethod?: string;
  retryLimit?: number;
  /** Seconds before the first retry; doubles on each further one. */
  retryDelay?: number;
  /** Seconds a single run may take before it is counted as failed. */
  expireIn?: number;
  /** Jobs one server process runs side by side (default 5). */
  concurrency?: number;
}

/**
 * A plugin's typed settings: a class whose properties carry class-validator rules, `@ApiProperty`
 * descriptions and defaults as initialisers. Stored in the database, edited by a master admin in
 * the admin UI, kept in history; `config/clientele.json` `settings.<plugin>` gives initial values.
 * Read with `SettingsService.get(SettingsClass)`.
 */
export interface SettingsDefinition {
  schema: Type<object>;
}

export type TemplateVariableType = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'money' | 'list' | 'object';

export interface TemplateVariableDefinition {
  /** Dotted path as written in a template, e.g. `customer.name`; `<key>` stands for any key of a map. */
  key: string;
  label: string;
  type?: TemplateVariableType;
  example?: unknown;
  description?: string;
}

/**
 * The variables a plugin offers templates for one kind of record (`customer`, `service`,
 * `ticket`, `invoice` …), and the provider method that returns their values for one record:
 * `method(id, ctx)` → a nested object, after checking that the caller may read the record
 * (404 otherwise). Several plugins may contribute to the same context.
 */
export interface TemplateVariableSource {
  context: string;
  variables: TemplateVariableDefinition[];
  provider: Type<any>;
  method: string;
  /**
   * Optional: `manyMethod(ids, ctx)` → a `Map` from id to the same nested object for each record
   * the caller may read (the others left out), in a few set-based statements. Used for bulk
   * work when every source of the context has one.
   */
  manyMethod?: string;
}

/** What a CLI command gets besides its arguments: output, progress bars and parsed `--options`. */
export interface CommandIO {
  args: string[];
  options: Record<string, string | boolean>;
  log(line: string): void;
  progress(label: string, total: number): { update(done: number): void; stop(): void };
}

/** The provider method is called as `method(io: CommandIO)` and may return an exit code. */
export interface CliCommandDefinition {
  /** Words typed after `clientele`, e.g. `import customers`. */
  name: string;
  usage?: string;
  description: string;
  provider: Type<any>;
  method: string;
}

/** Demo data for a fresh database; the method may return lines (demo sign-ins) the server prints after its first start. */
export interface SeedDefinition {
  provider: Type<any>;
  method: string;
}

export type AdminFieldType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'number'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'select'
  | 'reference'
  | 'json'
  | 'password'
  | 'color'
  | 'html'
  | 'multiselect'
  | 'money'
  | 'duration'
  | 'status'
  | 'file'
  | 'rows'
  | 'chips';

export interface AdminField {
  key: string;
  label: string;
  type?: AdminFieldType;
  required?: boolean;
  readOnly?: boolean;
  /** For `select`: the allowed values; for `reference`: the admin resource it points to. */
  options?: { value: string; label: string }[];
  reference?: string;
  help?: string;
  /** Shown only on create or only on edit. */
  only?: 'create' | 'edit';
  /** For `select`/`multiselect`: options read from an API list (`items[].value`/`label` keys named here). */
  optionsFrom?: { path: string; value: string; label: string };
  /** For `reference`: a search box asking the target resource's API with `q`, instead of a select of its first 100 records. */
  autocomplete?: boolean;
  /** For `money`: the value is in minor units (cents); its currency is `currency`, or the record's `currencyField`. */
  currency?: string;
  currencyField?: string;
  /** For `duration`: the unit the API counts in (default `minutes`); typed and shown as `1 h 30 min`. */
  unit?: 'seconds' | 'minutes';
  /** For `status`: a badge coloured by value (`{ open: '#2563eb' }`); labels come from `options`. */
  colors?: Record<string, string>;
  /**
   * For `file`: the API path (`:id` is the record's id) a chosen file is sent to as JSON
   * `{ contentType, data }` (base64), with `method` (default `PUT`); a `GET` on the same path,
   * when served, answers the file, which the card links to. `accept` narrows the file chooser.
   * A `readOnly` file field only links to the file (its path needs just the `GET`).
   */
  upload?: { path: string; method?: 'PUT' | 'POST'; accept?: string };
  /** For `rows`: a list of small records edited as rows of inputs (e.g. tax IDs `{ type, value }`). */
  rowFields?: AdminField[];
  maxRows?: number;
}

/**
 * A button on a record's card (`AdminResourceDefinition.actions`) or on the selected rows of a
 * list (`bulkActions`, the body carries `ids`). It calls `method path` (`:id`/`:nodeId` filled in)
 * as the user, after `confirm` and with the values of `fields` as the body; an answer 202
 * `{ jobId }` shows the job's progress until it ends.
 */
export interface AdminAction {
  key: string;
  label: string;
  path: string;
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  confirm?: string;
  fields?: AdminField[];
  /** Needed at the record's node (a record action) or anywhere (a bulk action). */
  permission?: string;
  /** Values of the answer shown once on a page of their own (e.g. a new secret), instead of going back with a notice. */
  result?: AdminResult;
  /** Offered only while the API says it is available (see AdminAvailability). */
  when?: AdminAvailability;
}

/**
 * Shown only while something is available, asked of the API as the user when the page is drawn:
 * `GET path` must answer a truthy `field`, e.g. `{ path: '/api/sms/gateway', field: 'configured' }`
 * (sending SMS exists only while a gateway is configured). An error answer hides it.
 */
export interface AdminAvailability {
  path: string;
  field: string;
}

/**
 * What a successful answer shows on a page of its own: a secret issued this once (a new key, a
 * generated password). The page is the answer to the form's POST itself, never a redirect or a
 * link, and is not cached: leaving it, the values are gone.
 */
export interface AdminResult {
  /**
   * Values of the answer (`key` a dotted path) with a *Copy* button each; `url` (`:value` is the
   * value, e.g. `/helpdesk/request/:value`) shows it as the full address on this server instead.
   */
  fields: { key: string; label: string; url?: string }[];
  /** Said above the values, e.g. "Copy the key now: it is not shown again". */
  notice?: string;
  /** Where the answer holds the record when not at its top (`account` of `{ account, key }`): a created record's card is found by its `id`. */
  recordKey?: string;
}

/** A titled group of form fields; fields in no fieldset come first, untitled. */
export interface AdminFieldset {
  /** Names the fieldset's message `fieldset.<resource>.<key>`. */
  key: string;
  label: string;
  fields: string[];
  help?: string;
}

/**
 * A tile on the admin's overview: `count` shows the `total` of the list at `path`, `list` its
 * first `limit` items by `titleField`, each opening in `resource` when given.
 */
export interface AdminWidget {
  key: string;
  label: string;
  kind: 'count' | 'list';
  path: string;
  permission?: string;
  titleField?: string;
  resource?: string;
  limit?: number;
}

export interface AdminFilter {
  key: string;
  label: string;
  type?: 'text' | 'select' | 'boolean' | 'date' | 'reference';
  options?: { value: string; label: string }[];
  reference?: string;
  /** For `reference`: a search box asking the target's API with `q`, as a form field's `autocomplete`. */
  autocomplete?: boolean;
  /** For `select`/`reference` (without `autocomplete`): several values may be chosen, sent as `filter[key]=a&filter[key]=b`. */
  multiple?: boolean;
}

/** A list column: `key` may be a dotted path into the row (`address.city`); `type` picks how the cell is shown. */
export interface AdminListColumn {
  key: string;
  label: string;
  sortable?: boolean;
  type?: AdminFieldType;
  /** For `chips` (a list of small records, e.g. a customer's groups): each element's label and colour fields (default `name`, `color`). */
  labelField?: string;
  colorField?: string;
  /** For `money`: as a field's (minor units; the currency fixed or read from the row). */
  currency?: string;
  currencyField?: string;
  /** A contributed column offered in the column chooser but not shown until the user picks it. */
  optional?: boolean;
}

/**
 * List columns and filters a plugin adds to a resource another plugin declares (customer groups'
 * "Groups" column and filter on `customers`): the API must already answer them (the rows carry the
 * column, the list accepts `filter[key]`). Merged while `declaredBy` is enabled; left out while it
 * is not, since the contributing plugin may run without it. When `declaredBy` is enabled but has
 * no resource named `resource`, the server refuses to start (a misspelt name).
 */
export interface AdminExtension {
  /** The admin resource extended, e.g. `customers`. */
  resource: string;
  /** The plugin that declares it, e.g. `contacts`. */
  declaredBy: string;
  /** Needed (anywhere) to see the contributed columns and filters; the API hides what the user may not read anyway. */
  permission?: string;
  listColumns?: AdminListColumn[];
  filters?: AdminFilter[];
}

/** A tab this plugin adds to another resource's detail page (e.g. "Notes" on customers). */
export interface AdminTab {
  /** Resource names the tab appears on; `*` for every resource with a scope node. */
  on: string[];
  key: string;
  label: string;
  /** API path listing the tab's rows; `:id` is the record's id, `:nodeId` its scope node. */
  listPath: string;
  /** `type` picks how the cell is shown (`html`: sanitised markup the server vouches for). */
  columns: { key: string; label: string; type?: AdminFieldType }[];
  permission?: string;
  /** Resource used to create rows from the tab; its form gets the parent's id pre-filled. */
  createResource?: string;
  /**
   * Rows to show in a dismissible pop-up as soon as the detail page opens (e.g. alert notes):
   * `path` takes `:id`/`:nodeId` like `listPath` and answers `{ items }`; each item's
   * `textField` is the message (HTML when `html`), `metaFields` a by-line (author, time).
   */
  alerts?: { path: string; textField: string; html?: boolean; metaFields?: string[] };
  /** Shown only while the API says it is available (see AdminAvailability). */
  when?: AdminAvailability;
}

/** Metadata a generated admin UI renders without any UI code, in the spirit of Django's ModelAdmin. */
export interface AdminResourceDefinition {
  name: string;
  label: string;
  labelSingular?: string;
  /** REST collection path, e.g. `/api/customers`. */
  apiPath: string;
  /** Permission needed to see the resource in the navigation. */
  permission: string;
  createPermission?: string;
  titleField: string;
  listColumns: AdminListColumn[];
  /**
   * Extra columns the user may add with the column chooser, read from an API list: each item is
   * one column `{ key, label, color? }`; the row holds the value under `rowKey` (a dotted path
   * whose map is keyed by the column's key), e.g. custom variables or support parameters.
   * `keyField`/`labelField` name other item fields (e.g. `code`/`name`); when the row holds an
   * array under `rowKey`, the element whose `keyField` equals the column's key is its value.
   */
  optionalColumns?: { path: string; rowKey: string; label?: string; keyField?: string; labelField?: string }[];
  /** Who may edit or delete a record (checked at its node); default `createPermission`. */
  updatePermission?: string;
  deletePermission?: string;
  /** A record's change history; default `<apiPath>/:id/history`. `:id` is the record's id. */
  historyPath?: string;
  searchable?: boolean;
  filters?: AdminFilter[];
  fields: AdminField[];
  softDelete?: boolean;
  hasHistory?: boolean;
  /** Key of the field holding the record's scope node (for tabs contributed by other plugins). */
  nodeField?: string;
  navGroup?: string;
  hidden?: boolean;
  /** The record type its change events name (`customer`): the open list notices new and changed records of it. */
  recordType?: string;
  fieldsets?: AdminFieldset[];
  actions?: AdminAction[];
  bulkActions?: AdminAction[];
  /** Values of the create answer shown once (e.g. the new record's secret) before going on to its card. */
  createResult?: AdminResult;
}

export interface PluginMetadata {
  id: string;
  version: string;
  description?: string;
  /** Ids of plugins this one needs enabled (and may import the public entry of). */
  dependencies?: string[];
  /**
   * Ids of plugins this one uses when they are enabled, through ports only (never imported): it
   * is loaded after them when they are enabled, and runs without them.
   */
  optionalDependencies?: string[];
  /** The ports of other plugins this one provides, each by the port's id (see `definePort`). */
  ports?: PortProvider[];
  entities?: Function[];
  migrations?: MigrationDefinition[];
  permissions?: PermissionDefinition[];
  roles?: RoleDefinition[];
  scopeKinds?: ScopeKindDefinition[];
  imports?: (Type<any> | DynamicModule)[];
  controllers?: Type<any>[];
  providers?: Provider[];
  exports?: (Type<any> | string | symbol)[];
  adminResources?: AdminResourceDefinition[];
  adminTabs?: AdminTab[];
  /** Tiles this plugin adds to the admin's overview. */
  adminWidgets?: AdminWidget[];
  /** List columns and filters this plugin adds to other plugins' admin resources. */
  adminExtensions?: AdminExtension[];
  templateVariables?: TemplateVariableSource[];
  settings?: SettingsDefinition;
  /** Cron work, run once per slot across all server processes. */
  jobs?: ScheduledJobDefinition[];
  /** Durable work queues (see QueueDefinition). */
  queues?: QueueDefinition[];
  /** `emits` lists the event classes the plugin publishes (checked against what it really publishes). */
  events?: { emits?: EventClass[]; handlers?: EventHandlerDefinition[] };
  commands?: CliCommandDefinition[];
  seeds?: SeedDefinition[];
}
