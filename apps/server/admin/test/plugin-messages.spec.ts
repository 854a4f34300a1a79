import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminExtension, AdminResourceDefinition, AdminTab } from '@clientele/core';
import { contactsAdminResources, contactsAdminTabs } from '../../../../plugins/contacts/admin/resources.js';
import { notesResource, notesTab } from '../../../../plugins/notes/admin/notes.admin.js';
import { ContactsSettings } from '../../../../plugins/contacts/settings.js';
import { helpdeskResources, helpdeskTabs } from '../../../../plugins/helpdesk/admin/helpdesk.admin.js';
import { HelpdeskSettings } from '../../../../plugins/helpdesk/settings.js';
import {
  customerGroupsAdminExtensions,
  customerGroupsAdminResources,
  customerGroupsAdminTabs,
} from '../../../../plugins/customer-groups/admin/customer-groups.admin.js';
import { CustomerGroupsSettings } from '../../../../plugins/customer-groups/settings.js';

/** Every message key the admin looks up for a plugin's metadata (see `labels.ts`). */
function messageKeys(
  resources: AdminResourceDefinition[],
  tabs: AdminTab[],
  extensions: AdminExtension[] = [],
): string[] {
  const keys = new Set<string>();
  for (const r of resources) {
    keys.add(`resource.${r.name}`).add(`resource.${r.name}.one`);
    if (r.navGroup) keys.add(`nav.${r.navGroup}`);
    for (const f of [...r.fields, ...r.listColumns, ...(r.filters ?? [])]) {
      keys.add(`field.${r.name}.${f.key}`);
      if ('help' in f && f.help) keys.add(`help.${r.name}.${f.key}`);
      for (const o of ('options' in f && f.options) || []) keys.add(`option.${r.name}.${f.key}.${o.value}`);
      for (const sub of ('rowFields' in f && f.rowFields) || []) {
        keys.add(`field.${r.name}.${f.key}.${sub.key}`);
        for (const o of sub.options ?? []) keys.add(`option.${r.name}.${f.key}.${sub.key}.${o.value}`);
      }
    }
    for (const set of r.fieldsets ?? []) keys.add(`fieldset.${r.name}.${set.key}`);
    for (const action of [...(r.actions ?? []), ...(r.bulkActions ?? [])]) {
      keys.add(`action.${r.name}.${action.key}`);
      if (action.confirm) keys.add(`action.${r.name}.${action.key}.confirm`);
    }
    const results = [...(r.actions ?? []), { key: 'create', result: r.createResult }];
    for (const { key, result } of results) {
      if (result?.notice) keys.add(`result.${r.name}.${key}`);
      for (const f of result?.fields ?? []) keys.add(`result.${r.name}.${key}.${f.key}`);
    }
    for (const source of r.optionalColumns ?? []) keys.add(`field.${r.name}.${source.rowKey}`);
  }
  // Columns and filters for another plugin's list are labelled under that list's resource.
  for (const e of extensions)
    for (const f of [...(e.listColumns ?? []), ...(e.filters ?? [])]) keys.add(`field.${e.resource}.${f.key}`);
  for (const tab of tabs) {
    keys.add(`tab.${tab.key}`);
    for (const col of tab.columns) keys.add(`tab.${tab.key}.${col.key}`);
  }
  return [...keys];
}

/** Where `@ApiProperty` keeps a property's options (@nestjs/swagger does not export the key). */
const API_PROPERTY = 'swagger/apiModelProperties';

/**
 * The settings page's keys: the plugin's name and each setting's label and choices; in Czech also
 * each description (English reads the class's own).
 */
function settingKeys(plugin: string, schema: (new () => object) | undefined, lang: string): string[] {
  if (!schema) return [];
  const keys = [`plugin.${plugin}`];
  for (const key of Object.keys(new schema())) {
    const documented = Reflect.getMetadata(API_PROPERTY, schema.prototype, key) as
      { description?: string; enum?: string[] } | undefined;
    keys.push(
      `setting.${plugin}.${key}`,
      ...(documented?.enum ?? []).map((value) => `setting.${plugin}.${key}.${value}`),
    );
    if (lang === 'cs' && documented?.description) keys.push(`setting.${plugin}.${key}.help`);
  }
  return keys;
}

const messages = (plugin: string, lang: string): Record<string, string> =>
  JSON.parse(readFileSync(join(process.cwd(), 'plugins', plugin, 'admin/i18n', `${lang}.json`), 'utf8'));

describe.each([
  ['contacts', contactsAdminResources, contactsAdminTabs, ContactsSettings],
  ['notes', [notesResource], [notesTab], undefined],
  ['helpdesk', helpdeskResources, helpdeskTabs, HelpdeskSettings],
  [
    'customer-groups',
    customerGroupsAdminResources,
    customerGroupsAdminTabs,
    CustomerGroupsSettings,
    customerGroupsAdminExtensions,
  ],
])('admin message files of %s', (plugin, resources, tabs, settings, extensions = []) => {
  it.each(['en', 'cs'])(
    '%s names every label of the metadata and settings, and nothing else but messages for its API error codes',
    (lang) => {
      const expected = [...messageKeys(resources, tabs, extensions), ...settingKeys(plugin, settings, lang)].sort();
      const file = messages(plugin, lang);
      expect(
        Object.keys(file)
          .filter((key) => !key.startsWith('error.code.'))
          .sort(),
      ).toEqual(expected);
      expect(Object.values(file).every((text) => text.trim() !== '')).toBe(true);
    },
  );
});
