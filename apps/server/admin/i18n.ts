import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeBase } from '../paths.js';

export const LANGUAGES = ['en', 'cs'] as const;
export type Language = (typeof LANGUAGES)[number];

type Messages = Record<string, string>;

function readMessages(file: string): Messages {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/**
 * Every label of the admin UI, per language: core's files in `admin/i18n/`, merged with the
 * files a plugin ships in `plugins/<id>/admin/i18n/<lang>.json`. A key missing in Czech falls
 * back to English, and a resource label missing everywhere to the manifest's own text.
 */
export class Translations {
  private readonly messages = new Map<Language, Messages>();

  constructor(pluginIds: string[]) {
    for (const language of LANGUAGES) {
      const merged: Messages = readMessages(join(runtimeBase, 'apps/server/admin/i18n', `${language}.json`));
      for (const id of pluginIds)
        Object.assign(merged, readMessages(join(runtimeBase, 'plugins', id, 'admin/i18n', `${language}.json`)));
      this.messages.set(language, merged);
    }
  }

  has(language: Language, key: string) {
    return key in this.messages.get(language)! || key in this.messages.get('en')!;
  }

  translate(language: Language, key: string, params: Record<string, unknown> = {}, fallback?: string): string {
    const text = this.messages.get(language)![key] ?? this.messages.get('en')![key] ?? fallback ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }

  /** The user's saved language, else the first supported one the browser asks for. */
  static pick(preference: unknown, acceptLanguage: string | undefined): Language {
    if (LANGUAGES.includes(preference as Language)) return preference as Language;
    const asked = (acceptLanguage ?? '').split(',').map((part) => part.split(';')[0].trim().slice(0, 2).toLowerCase());
    return (asked.find((code) => LANGUAGES.includes(code as Language)) as Language) ?? 'en';
  }
}
