import type { AdminField } from '@clientele/core';
import type { AdminResource } from './catalog.js';
import type { Language, Translations } from './i18n.js';

/**
 * Translated labels for metadata: the message files may name any resource, field, filter or tab
 * (`resource.customers`, `field.customers.iban`, `tab.notes` …); without a translation the
 * manifest's own label is shown, so a plugin without message files still reads well in English.
 */
export class Labels {
  constructor(
    private readonly translations: Translations,
    readonly lang: Language,
    /** The reader's time zone (their setting, else their browser's); the server's when neither is known. */
    readonly timeZone?: string,
  ) {}

  /** A message for an API error's stable code (`error.code.INVALID_IBAN`), else the API's own text. */
  errorMessage(detail: { code?: string; message: string }) {
    return detail.code ? this.t(`error.code.${detail.code}`, {}, detail.message) : detail.message;
  }

  t = (key: string, params: Record<string, unknown> = {}, fallback?: string) =>
    this.translations.translate(this.lang, key, params, fallback);

  resource(r: AdminResource) {
    return this.t(`resource.${r.name}`, {}, r.label);
  }

  singular(r: AdminResource) {
    return this.t(`resource.${r.name}.one`, {}, r.labelSingular ?? r.label);
  }

  field(r: AdminResource, key: string, fallback: string) {
    return this.t(`field.${r.name}.${key}`, {}, fallback);
  }

  help(r: AdminResource, field: AdminField) {
    return field.help ? this.t(`help.${r.name}.${field.key}`, {}, field.help) : undefined;
  }

  option(r: AdminResource, key: string, value: string, fallback: string) {
    return this.t(`option.${r.name}.${key}.${value}`, {}, fallback);
  }

  /** A select's stored value as its option's label; any other value as it is. */
  choice(r: AdminResource, field: AdminField | undefined, value: unknown) {
    const option =
      (field?.type === 'select' || field?.type === 'status') && typeof value === 'string'
        ? field.options?.find((o) => o.value === value)
        : undefined;
    return option ? this.option(r, field!.key, option.value, option.label) : value;
  }

  tab(key: string, fallback: string) {
    return this.t(`tab.${key}`, {}, fallback);
  }

  navGroup(group: string) {
    return this.t(`nav.${group}`, {}, group);
  }

  /** Dates and times as the reader's language writes them. */
  formatDate(value: string | Date, withTime: boolean) {
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    return dateFormat(this.lang, withTime, withTime ? this.timeZone : undefined).format(date);
  }
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (a list page formats a date per row).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Language, withTime: boolean, timeZone: string | undefined) {
  const key = `${lang}|${withTime}|${timeZone ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      lang,
      withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone } : { dateStyle: 'medium' },
    );
    dateFormats.set(key, format);
  }
  return format;
}

/** A time-zone name the runtime knows (`Europe/Prague`), or undefined. */
export function knownTimeZone(name: unknown): string | undefined {
  if (typeof name !== 'string' || !name || name.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}
