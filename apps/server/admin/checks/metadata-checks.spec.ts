import type { AdminResourceDefinition } from '@clientele/core';
import type { ApiRoute } from './api-routes.js';
import { findRoute } from './api-routes.js';
import { checkAdminMetadata, type MetadataSources } from './metadata-checks.js';
import { extended, type PluginExtension } from '../catalog.js';

const dto = (name: string, ...keys: string[]) => ({ dto: name, keys: new Set(keys) });

const routes: ApiRoute[] = [
  { method: 'GET', path: '/api/visits' },
  { method: 'POST', path: '/api/visits', bodyFields: dto('CreateVisitDto', 'title', 'price', 'technicianId') },
  { method: 'GET', path: '/api/visits/:id' },
  { method: 'PATCH', path: '/api/visits/:id', bodyFields: dto('UpdateVisitDto', 'title', 'price', 'version') },
  { method: 'POST', path: '/api/visits/:id/recalculate' },
  { method: 'POST', path: '/api/visits/cancel', bodyFields: dto('CancelVisitsDto', 'ids', 'reason') },
  { method: 'GET', path: '/api/users' },
  { method: 'GET', path: '/api/notes' },
  { method: 'GET', path: '/api/parts/:id' },
];

const visits: AdminResourceDefinition = {
  name: 'visits',
  label: 'Visits',
  apiPath: '/api/visits',
  permission: 'visits.read',
  titleField: 'title',
  listColumns: [{ key: 'title', label: 'Visit' }],
  fields: [
    { key: 'title', label: 'Visit', type: 'text' },
    { key: 'price', label: 'Price', type: 'money' },
    { key: 'technicianId', label: 'Technician', type: 'reference', reference: 'users', only: 'create' },
    { key: 'createdAt', label: 'Created', readOnly: true },
  ],
  fieldsets: [{ key: 'money', label: 'Money', fields: ['price'] }],
  actions: [
    { key: 'recalculate', label: 'Recalculate', path: '/api/visits/:id/recalculate', permission: 'visits.write' },
  ],
  bulkActions: [
    { key: 'cancel', label: 'Cancel', path: '/api/visits/cancel', fields: [{ key: 'reason', label: 'Reason' }] },
  ],
};
const users: AdminResourceDefinition = {
  name: 'users',
  label: 'Users',
  apiPath: '/api/users',
  permission: 'users.read',
  titleField: 'name',
  searchable: true,
  listColumns: [],
  fields: [],
};

function sources(
  change: (resource: AdminResourceDefinition) => AdminResourceDefinition = (r) => r,
  extra: Partial<MetadataSources> = {},
): MetadataSources {
  return {
    resources: [
      { ...change(structuredClone(visits)), plugin: 'field-visits' },
      { ...users, plugin: 'core' },
    ],
    tabs: [],
    widgets: [],
    extensions: [],
    enabled: ['core', 'field-visits'],
    permissions: new Set(['visits.read', 'visits.write', 'users.read']),
    routes,
    ...extra,
  };
}

const check = (...args: Parameters<typeof sources>) => checkAdminMetadata(sources(...args));
const where = 'admin metadata of plugin "field-visits", resource "visits"';

describe('admin metadata checks', () => {
  it('find nothing wrong in metadata that points only at served routes, declared permissions, known resources and DTO properties', () => {
    expect(check()).toEqual([]);
  });

  it('name a form field the create DTO does not accept, and one the update DTO does not accept', () => {
    expect(
      check((r) => ({
        ...r,
        fields: [
          ...r.fields,
          { key: 'prize', label: 'Typo' },
          { key: 'technicianId', label: 'Edit too', type: 'reference', reference: 'users' },
        ],
      })),
    ).toEqual([
      `${where}: field "prize" is not accepted by CreateVisitDto (POST /api/visits)`,
      `${where}: field "prize" is not accepted by UpdateVisitDto (PATCH /api/visits/:id)`,
      `${where}: field "technicianId" is not accepted by UpdateVisitDto (PATCH /api/visits/:id)`,
    ]);
  });

  it('name a path no route serves, with the method it would be called with', () => {
    expect(check((r) => ({ ...r, apiPath: '/api/visit', fields: [] }))).toContain(
      `${where}: apiPath "GET /api/visit" is served by no route`,
    );
    expect(check((r) => ({ ...r, actions: [{ key: 'go', label: 'Go', path: '/api/visits/:id/go' }] }))).toEqual([
      `${where}: action "go" path "POST /api/visits/:id/go" is served by no route`,
    ]);
    const recalculate = { key: 'recalculate', label: 'Recalculate', path: '/api/visits/:id/recalculate' };
    expect(
      check((r) => ({ ...r, actions: [{ ...recalculate, when: { path: '/api/visit-engine', field: 'running' } }] })),
    ).toEqual([`${where}: action "recalculate" when.path "GET /api/visit-engine" is served by no route`]);
    expect(check((r) => ({ ...r, optionalColumns: [{ path: '/api/visit-kinds', rowKey: 'kinds' }] }))).toEqual([
      `${where}: optionalColumns "kinds" path "GET /api/visit-kinds" is served by no route`,
    ]);
  });

  it('name permissions nobody declares and resources that do not exist', () => {
    expect(
      check((r) => ({
        ...r,
        createPermission: 'visits.create',
        filters: [{ key: 'tech', label: 'Tech', type: 'reference', reference: 'technicians' }],
      })),
    ).toEqual([
      `${where}: createPermission "visits.create" is no declared permission`,
      `${where}: filter "tech" reference "technicians" is no admin resource`,
    ]);
  });

  it('name a fieldset field that is not a field, a bulk action field its DTO does not take, and an autocomplete on an unsearchable list', () => {
    const problems = check((r) => ({
      ...r,
      fieldsets: [{ key: 'money', label: 'Money', fields: ['price', 'vat'] }],
      bulkActions: [
        { key: 'cancel', label: 'Cancel', path: '/api/visits/cancel', fields: [{ key: 'why', label: 'Why' }] },
      ],
      fields: r.fields.map((f) => (f.key === 'technicianId' ? { ...f, reference: 'visits', autocomplete: true } : f)),
    }));
    expect(problems).toEqual([
      `${where}: field "technicianId" autocompletes from "visits", which is not searchable`,
      `${where}: fieldset "money" names "vat", which is not one of its fields`,
      `${where}: bulk action "cancel" field "why" is not accepted by CancelVisitsDto (POST /api/visits/cancel)`,
    ]);
  });

  it("check tabs' and widgets' paths, targets and permissions, naming the tab or widget", () => {
    const problems = checkAdminMetadata(
      sources(undefined, {
        tabs: [
          {
            plugin: 'notes',
            on: ['visits', 'tickets'],
            key: 'notes',
            label: 'Notes',
            listPath: '/api/notes?filter[nodeId]=:nodeId',
            columns: [],
            createResource: 'note',
            when: { path: '/api/notes/enabled', field: 'enabled' },
          },
        ],
        widgets: [
          {
            plugin: 'field-visits',
            key: 'due',
            label: 'Due',
            kind: 'count',
            path: '/api/visit-summary',
            permission: 'visits.read',
          },
        ],
      }),
    );
    expect(problems).toEqual([
      'admin metadata of plugin "notes", tab "notes": on "tickets" is no admin resource',
      'admin metadata of plugin "notes", tab "notes": when.path "GET /api/notes/enabled" is served by no route',
      'admin metadata of plugin "notes", tab "notes": createResource "note" is no admin resource',
      'admin metadata of plugin "field-visits", widget "due": path "GET /api/visit-summary" is served by no route',
    ]);
  });

  describe("another plugin's columns and filters", () => {
    const crew: PluginExtension = {
      plugin: 'crews',
      resource: 'visits',
      declaredBy: 'field-visits',
      permission: 'visits.read',
      listColumns: [{ key: 'crews', label: 'Crews', type: 'chips' }],
      filters: [{ key: 'crew', label: 'Crew', type: 'reference', reference: 'users', multiple: true }],
    };
    /** The catalog's resources with the extensions merged, as the server checks them. */
    const withExtensions = (extensions: PluginExtension[], enabled = ['core', 'field-visits', 'crews']) => {
      const base = sources(undefined, { extensions, enabled });
      return checkAdminMetadata({ ...base, resources: base.resources.map((r) => extended(r, extensions)) });
    };
    const at = 'admin metadata of plugin "crews", extension of "visits"';

    it('pass when they name a resource of the plugin that declares it and keys of their own', () => {
      expect(withExtensions([crew])).toEqual([]);
    });

    it('are left out, unchecked, while the plugin that would declare the resource is not enabled', () => {
      expect(withExtensions([{ ...crew, resource: 'jobs', declaredBy: 'jobs' }])).toEqual([]);
    });

    it('name a misspelt resource, a resource of another plugin, and a key the resource already has', () => {
      expect(withExtensions([{ ...crew, resource: 'visit' }])).toEqual([
        'admin metadata of plugin "crews", extension of "visit": plugin "field-visits" declares no admin resource "visit"',
      ]);
      expect(withExtensions([{ ...crew, declaredBy: 'field-visit' }])).toEqual([
        `${at}: resource "visits" is declared by plugin "field-visits", not "field-visit"`,
      ]);
      expect(withExtensions([{ ...crew, listColumns: [{ key: 'title', label: 'Title again' }] }])).toEqual([
        `${at}: column "title" is already a column of "visits"`,
      ]);
    });

    it('name a filter pointing at no resource, a permission nobody declares, and a multiple autocomplete', () => {
      expect(
        withExtensions([
          {
            ...crew,
            permission: 'crews.read',
            filters: [
              { key: 'crew', label: 'Crew', type: 'reference', reference: 'crew-members' },
              { key: 'lead', label: 'Lead', type: 'reference', reference: 'users', autocomplete: true, multiple: true },
            ],
          },
        ]),
      ).toEqual([
        `${at}: permission "crews.read" is no declared permission`,
        `${at}: filter "crew" reference "crew-members" is no admin resource`,
        `${at}: filter "lead" is multiple and autocompletes: choose one`,
      ]);
    });
  });

  it('let a hidden resource without a list route pass when a route serves its records', () => {
    const parts: AdminResourceDefinition = { ...users, name: 'parts', apiPath: '/api/parts', hidden: true };
    expect(
      checkAdminMetadata({ ...sources(), resources: [...sources().resources, { ...parts, plugin: 'p' }] }),
    ).toEqual([]);
    expect(
      checkAdminMetadata({
        ...sources(),
        resources: [...sources().resources, { ...parts, hidden: false, plugin: 'p' }],
      }),
    ).toEqual(['admin metadata of plugin "p", resource "parts": apiPath "GET /api/parts" is served by no route']);
  });

  it('match a path to a route by its segments, placeholders standing for any value and the query ignored', () => {
    expect(findRoute(routes, 'GET', '/api/parts/:nodeId?x=1')?.path).toBe('/api/parts/:id');
    expect(findRoute(routes, 'GET', '/api/parts')).toBeUndefined();
    expect(findRoute(routes, 'POST', '/api/visits/cancel')?.bodyFields?.dto).toBe('CancelVisitsDto');
  });
});
