import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runtimeBase } from '../paths.js';
import type { Language, Translations } from './i18n.js';

export interface PageModel {
  /** The page's own `<title>` part, already translated. */
  title: string;
  lang: Language;
  [key: string]: unknown;
}

/**
 * The admin's Handlebars pages. Core's templates live in `admin/views/`; a plugin overrides one
 * page for one resource by shipping `plugins/<id>/admin/<page>-<resource>.hbs` (for instance
 * `detail-customers.hbs`), which is rendered instead with the same model.
 */
export class AdminViews {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly translations: Translations,
    pluginIds: string[],
  ) {
    const own = join(runtimeBase, 'apps/server/admin/views');
    for (const file of hbsFiles(join(own, 'partials')))
      this.hbs.registerPartial(basename(file, '.hbs'), readFileSync(file, 'utf8'));
    for (const file of hbsFiles(own))
      this.pages.set(basename(file, '.hbs'), this.hbs.compile(readFileSync(file, 'utf8')));
    for (const id of pluginIds) {
      for (const file of hbsFiles(join(runtimeBase, 'plugins', id, 'admin')))
        this.pages.set(basename(file, '.hbs'), this.hbs.compile(readFileSync(file, 'utf8')));
    }
    this.registerHelpers();
  }

  render(page: string, model: PageModel, resource?: string): string {
    const template = (resource && this.pages.get(`${page}-${resource}`)) || this.pages.get(page);
    if (!template) throw new Error(`No admin template "${page}"`);
    const body = template(model);
    return this.pages.get('layout')!({ ...model, body });
  }

  /** A page without the layout (the login form's error fragment, and such). */
  fragment(page: string, model: PageModel): string {
    return this.pages.get(page)!(model);
  }

  private registerHelpers() {
    const translations = this.translations;
    /** `{{t "list.total" count=n}}` — a message in the page's language. */
    this.hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
      return translations.translate(options.data.root.lang, key, options.hash);
    });
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hbs.registerHelper('not', (a: unknown) => !a);
    this.hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    this.hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    this.hbs.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
  }
}

function hbsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => join(dir, f));
}
