import type { ApiError } from '../api-client.js';
import { pageModel, type AdminContext } from '../admin-context.js';
import type { Submitted } from './form-values.js';

/** One plugin's settings as `GET /api/settings/:plugin` answers them. */
export interface PluginSettings {
  plugin: string;
  schema: { properties: Record<string, SettingSchema>; required?: string[] };
  values: Record<string, unknown>;
  version: number;
}

interface SettingSchema {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

type Kind = 'checkbox' | 'select' | 'number' | 'text' | 'json';

/** How a setting is typed in, read from its JSON schema. */
function kindOf(schema: SettingSchema): Kind {
  const types = [schema.type ?? []].flat();
  if (schema.enum) return 'select';
  if (types.includes('boolean')) return 'checkbox';
  if (types.includes('integer') || types.includes('number')) return 'number';
  if (types.includes('array') || types.includes('object')) return 'json';
  return 'text';
}

const asText = (kind: Kind, value: unknown) =>
  value === null || value === undefined
    ? ''
    : kind === 'json'
      ? JSON.stringify(value, null, 2)
      : kind === 'checkbox'
        ? value === true
          ? 'true'
          : ''
        : String(value);

const lastOf = (raw: string | string[] | undefined) => (Array.isArray(raw) ? raw[raw.length - 1] : raw) ?? '';

/**
 * The body of `PUT /api/settings/:plugin`: only the settings the user changed, typed by their
 * schema; an emptied optional one as null. A JSON setting that does not parse is refused here.
 */
export function settingsChange(settings: PluginSettings, body: Submitted) {
  const change: Record<string, unknown> = {};
  const typed: Record<string, string> = {};
  const localErrors: { field: string; code: string; message: string }[] = [];
  for (const [key, schema] of Object.entries(settings.schema.properties)) {
    const kind = kindOf(schema);
    const text = kind === 'checkbox' ? (lastOf(body[key]) === 'true' ? 'true' : '') : lastOf(body[key]);
    typed[key] = text;
    if (text === asText(kind, settings.values[key])) continue;
    if (kind === 'checkbox') change[key] = text === 'true';
    else if (text.trim() === '') change[key] = (settings.schema.required ?? []).includes(key) ? '' : null;
    else if (kind === 'number') change[key] = Number.isFinite(Number(text)) ? Number(text) : text;
    else if (kind === 'json') {
      try {
        change[key] = JSON.parse(text);
      } catch {
        localErrors.push({ field: key, code: 'INVALID_JSON', message: 'Not valid JSON' });
      }
    } else change[key] = text;
  }
  return { change, typed, localErrors };
}

export interface SettingsFormState {
  typed?: Record<string, string>;
  error?: ApiError;
  saved?: boolean;
}

/** `/admin/settings/<plugin>`: a form generated from the plugin's settings schema, saved with the version it was read at. */
export function pluginSettingsPage(c: AdminContext, settings: PluginSettings, state: SettingsFormState = {}) {
  const details = state.error?.details ?? [];
  const title = c.labels.t('settings.pluginTitle', {
    plugin: c.labels.t(`plugin.${settings.plugin}`, {}, settings.plugin),
  });
  const fields = Object.entries(settings.schema.properties).map(([key, schema]) => {
    const kind = kindOf(schema);
    const value = state.typed?.[key] ?? asText(kind, settings.values[key]);
    const errors = details.filter((d) => d.field === key || d.field.startsWith(`${key}.`));
    return {
      key,
      id: `setting-${key.replace(/\W/g, '-')}`,
      label: c.labels.t(`setting.${settings.plugin}.${key}`, {}, humanize(key)),
      help: schema.description
        ? c.labels.t(`setting.${settings.plugin}.${key}.help`, {}, schema.description)
        : undefined,
      required: (settings.schema.required ?? []).includes(key) && kind !== 'checkbox',
      kind: kind === 'json' ? 'textarea' : kind === 'number' || kind === 'text' ? 'input' : kind,
      inputType: kind === 'number' ? 'number' : 'text',
      value,
      checked: value === 'true',
      options: schema.enum?.map((option) => ({
        value: String(option),
        label: c.labels.t(`setting.${settings.plugin}.${key}.${String(option)}`, {}, String(option)),
        selected: String(option) === value,
      })),
      error: errors.map((e) => c.labels.errorMessage(e)).join(' '),
    };
  });
  const named = new Set(fields.filter((f) => f.error).map((f) => f.key));
  const conflict = state.error?.code === 'VERSION_CONFLICT';
  return pageModel(c, title, undefined, {
    heading: title,
    plugin: settings.plugin,
    version: settings.version,
    fields,
    saved: state.saved,
    conflict,
    summary: state.error && !conflict && !named.size ? [state.error.message] : undefined,
  });
}

/** `customerNumberPrefix` → `Customer number prefix`, for settings without a translated label. */
const humanize = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/^./, (first) => first.toUpperCase())
    .replace(/ ([A-Z])(?=[a-z])/g, (_, letter: string) => ` ${letter.toLowerCase()}`);
