import qs from 'qs';
import type { AdminListColumn } from '@clientele/core';
import { holds } from '../admin-access.js';
import { pageModel, type AdminContext } from '../admin-context.js';
import type { AdminResource, Contributed } from '../catalog.js';
import { referenceOptions, referenceTitle, resolveReferences } from '../references.js';
import { bulkActionChoices, doneNotice } from './actions-page.js';
import { fieldFor, formatField } from '../field-values.js';
import { chipsCell, formatValue, keyedValue, valueAt, type Cell } from '../values.js';

export interface ListParams {
  q?: string;
  /** A `multiple` filter comes as a list (`filter[group]=a&filter[group]=b`). */
  filter?: Record<string, string | string[]>;
  sort?: string;
  cursor?: string;
  cols?: string | string[];
  deleted?: string;
  /** The bulk action that has just run. */
  done?: string;
}

interface Column extends AdminListColumn {
  color?: string;
  /** Optional columns read their value from a map or keyed list in the row. */
  read?: (row: unknown) => unknown;
  /** The chooser's heading for the column (the resource's own, custom variables, …). */
  group?: string;
}

const PAGE_SIZE = 50;

/** A column or filter another plugin adds is shown to users holding its permission. */
const shown = (c: AdminContext, item: Contributed) => !item.permission || holds(c.held, item.permission);

/** The resource's columns the user sees by default: its own and what other plugins add, unless they are only offered. */
const defaultKeys = (c: AdminContext, r: AdminResource) =>
  r.listColumns.filter((col) => !col.optional && shown(c, col)).map((col) => col.key);

/**
 * Columns the user may pick: the resource's own, those other plugins add (under the plugin's
 * name in the chooser), then e.g. custom variables and support parameters.
 */
async function availableColumns(c: AdminContext, r: AdminResource): Promise<Column[]> {
  const own = r.listColumns
    .filter((col) => shown(c, col))
    .map(({ contributedBy, permission: _permission, ...col }) => ({
      ...col,
      label: c.labels.field(r, col.key, col.label),
      group: contributedBy ? c.labels.t(`plugin.${contributedBy}`, {}, contributedBy) : undefined,
    }));
  const extra = await Promise.all(
    (r.optionalColumns ?? []).map(async (source) => {
      const res = await c.api.get(source.path, { limit: 100 });
      if (!res.ok) return [];
      const keyField = source.keyField ?? 'key';
      const group = c.labels.field(r, source.rowKey, source.label ?? source.rowKey);
      return (res.body.items as Record<string, unknown>[]).map((item): Column => {
        const key = String(item[keyField]);
        return {
          key: `${source.rowKey}.${key}`,
          label: String(item[source.labelField ?? 'label'] ?? key),
          color: typeof item.color === 'string' ? item.color : undefined,
          read: (row) => keyedValue(row, source.rowKey, key, keyField),
          group,
        };
      });
    }),
  );
  return [...own, ...extra.flat()];
}

/** The chooser's checkboxes, one fieldset per source of columns. */
function chooserGroups(c: AdminContext, available: Column[], keys: string[]) {
  const groups = new Map<
    string,
    { legend: string; columns: { key: string; label: string; color?: string; checked: boolean; id: string }[] }
  >();
  available.forEach((col, index) => {
    const legend = col.group ?? c.labels.t('list.columnsLegend');
    if (!groups.has(legend)) groups.set(legend, { legend, columns: [] });
    groups.get(legend)!.columns.push({
      key: col.key,
      label: col.label,
      color: col.color,
      checked: keys.includes(col.key),
      id: `col-${index}`,
    });
  });
  return [...groups.values()];
}

function chosenKeys(c: AdminContext, r: AdminResource, params: ListParams, available: Column[]): string[] {
  const asked = params.cols === undefined ? c.prefs.columns?.[r.name] : [params.cols].flat();
  const keys = (asked ?? defaultKeys(c, r)).filter((k) => available.some((a) => a.key === k));
  return keys.length ? keys : defaultKeys(c, r);
}

/** Only the filters the metadata declares (and the user sees) reach the API; empty ones are dropped. */
function activeFilters(c: AdminContext, r: AdminResource, params: ListParams) {
  const filter: Record<string, string | string[]> = {};
  for (const f of (r.filters ?? []).filter((f) => shown(c, f))) {
    const values = [params.filter?.[f.key] ?? []].flat().filter((v) => typeof v === 'string' && v !== '');
    if (values.length) filter[f.key] = f.multiple ? values : values[0];
  }
  return filter;
}

/** The filter controls with their options (reference filters read theirs from the API, or search it as one types). */
async function filterModels(c: AdminContext, r: AdminResource, filter: Record<string, string | string[]>) {
  return Promise.all(
    (r.filters ?? [])
      .filter((f) => shown(c, f))
      .map(async (f) => {
        const chosen = [filter[f.key] ?? []].flat();
        const value = chosen[0] ?? '';
        const searched = f.type === 'reference' && !!f.autocomplete;
        const options =
          f.type === 'boolean'
            ? [
                { value: 'true', label: c.labels.t('common.yes') },
                { value: 'false', label: c.labels.t('common.no') },
              ]
            : f.type === 'reference'
              ? searched
                ? []
                : await referenceOptions(c, f.reference)
              : (f.options ?? []).map((o) => ({ value: o.value, label: c.labels.option(r, f.key, o.value, o.label) }));
        return {
          key: f.key,
          name: `filter[${f.key}]`,
          id: `filter-${f.key}`,
          label: c.labels.field(r, f.key, f.label),
          value,
          type: f.type ?? 'text',
          autocomplete: searched
            ? { resource: f.reference, title: value ? await referenceTitle(c, f.reference, value) : '' }
            : undefined,
          options: options.map((o) => ({ ...o, selected: chosen.includes(o.value) })),
          // A multiple choice lists a few options at once and scrolls through the rest.
          multiple: f.multiple && !searched ? { size: Math.min(Math.max(options.length, 2), 4) } : undefined,
        };
      }),
  );
}

/**
 * A row's cell: optional columns read their holder; chips their list; the resource's own
 * columns read as their field does (money, status …), with what the column itself says first.
 */
function cell(c: AdminContext, r: AdminResource, col: Column, item: unknown, references: Map<string, Cell>): Cell {
  if (col.read) return formatValue(c.labels, col.read(item), col.type, references);
  if (col.type === 'chips') return chipsCell(valueAt(item, col.key), col.labelField, col.colorField);
  const field = fieldFor(r, col.key);
  return formatField(
    c.labels,
    r,
    {
      ...field,
      key: col.key,
      label: col.label,
      type: col.type ?? field?.type,
      currency: col.currency ?? field?.currency,
      currencyField: col.currencyField ?? field?.currencyField,
    },
    item,
    references,
  );
}

export async function listPage(c: AdminContext, r: AdminResource, params: ListParams) {
  const filter = activeFilters(c, r, params);
  const showDeleted = !!r.softDelete && params.deleted === 'include';
  const query = {
    q: r.searchable && params.q ? params.q : undefined,
    filter: Object.keys(filter).length ? filter : undefined,
    sort: params.sort || undefined,
    cursor: params.cursor || undefined,
    deleted: showDeleted ? 'include' : undefined,
    limit: PAGE_SIZE,
  };
  // The rows, the column sources and the filters' options do not depend on each other: fetch them at once.
  const [available, res, filters] = await Promise.all([
    availableColumns(c, r),
    c.api.get(r.apiPath, query),
    filterModels(c, r, filter),
  ]);
  const keys = chosenKeys(c, r, params, available);
  const columns = keys.map((k) => available.find((a) => a.key === k)!);
  const items: any[] = res.ok ? res.body.items : [];
  const references = await resolveReferences(
    c,
    r,
    columns.filter((col) => col.type === 'reference').map((col) => col.key),
    items,
  );
  const canOpen = c.api.has('GET', `${r.apiPath}/:id`);
  const canRestore = c.api.has('POST', `${r.apiPath}/:id/restore`);

  // The list state without paging, as the base of every link on the page.
  const state = {
    q: query.q,
    filter: query.filter,
    sort: query.sort,
    deleted: query.deleted,
    cols: params.cols === undefined ? undefined : keys,
  };
  const link = (extra: Record<string, unknown>) =>
    `/admin/r/${r.name}?${qs.stringify({ ...state, ...extra }, { skipNulls: true, arrayFormat: 'repeat' })}`;
  const currentSort = query.sort ?? '';

  const rows = items.map((item) => ({
    id: item.id,
    title: String(valueAt(item, r.titleField) ?? item.id),
    href: canOpen && item.id ? `/admin/r/${r.name}/${item.id}` : undefined,
    deleted: !!item.deletedAt,
    restoreAction: item.deletedAt && canRestore ? `/admin/r/${r.name}/${item.id}/restore` : undefined,
    cells: columns.map((col, i) => ({ ...cell(c, r, col, item, references), first: i === 0 })),
  }));

  const label = c.labels.resource(r);
  const bulkActions = bulkActionChoices(c, r);
  return pageModel(c, label, r, {
    resource: { name: r.name, label, searchable: !!r.searchable, softDelete: !!r.softDelete, recordType: r.recordType },
    reloadHref: link({ cursor: query.cursor }),
    q: query.q ?? '',
    filters,
    showDeleted,
    columns: columns.map(({ read: _read, ...col }) => {
      const ascending = currentSort === col.key;
      return {
        ...col,
        sortHref: col.sortable ? link({ sort: ascending ? `-${col.key}` : col.key }) : undefined,
        sorted: ascending ? 'ascending' : currentSort === `-${col.key}` ? 'descending' : undefined,
      };
    }),
    chosen: keys,
    chooser: chooserGroups(c, available, keys),
    rows,
    error: res.ok ? undefined : res.error?.message,
    total: res.ok ? res.body.total : 0,
    totalIsEstimate: res.ok ? !!res.body.totalIsEstimate : false,
    nextHref: res.ok && res.body.nextCursor ? link({ cursor: res.body.nextCursor }) : undefined,
    firstHref: query.cursor ? link({}) : undefined,
    // Without a create permission in the metadata, creating is open to any signed-in user (e.g. a new customer).
    canCreate:
      (!r.createPermission || holds(c.held, r.createPermission)) && c.api.has('POST', r.apiPath) && r.fields.length > 0,
    savedFilters: (c.prefs.savedFilters?.[r.name] ?? []).map((s, index) => ({
      ...s,
      index,
      href: `/admin/r/${r.name}?${s.query}`,
    })),
    currentQuery: qs.stringify(state, { skipNulls: true, arrayFormat: 'repeat' }),
    sort: query.sort,
    bulkActions,
    // The "nothing here" row spans the columns plus the selection and restore ones.
    emptySpan: columns.length + (bulkActions.length ? 1 : 0) + (r.softDelete ? 1 : 0),
    notice: params.done ? doneNotice(c, r, params.done) : undefined,
  });
}
