import { SELF_SERVICE_ROUTES } from './route-catalogue.js';
import { bearer, startTestApp, TestApp } from './setup/harness.js';

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'notes', './test/fixtures/external-plugin'] });
    doc = (await t.http().get('/docs-json')).body;
  });
  afterAll(() => t?.close());

  const operations = () =>
    Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      Object.entries<any>(item).map(([method, op]) => ({ path, method, op })),
    );

  it('covers core and plugin routes', () => {
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/health',
        '/api/auth/login',
        '/api/roles/{id}',
        '/api/grants',
        '/api/history',
        '/api/jobs/{id}',
        '/api/asset-tags',
      ]),
    );
  });

  it('describes every request body from its validation rules', () => {
    for (const { path, method, op } of operations()) {
      const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
      if (!ref) continue;
      const schema = doc.components.schemas[ref.split('/').pop()];
      expect([path, method, Object.keys(schema?.properties ?? {}).length > 0]).toEqual([path, method, true]);
    }
    expect(doc.components.schemas.CreateRoleDto.required).toEqual(
      expect.arrayContaining(['code', 'name', 'permissions']),
    );
  });

  it('lists error responses and permissions', () => {
    const patchRole = doc.paths['/api/roles/{id}'].patch;
    expect(Object.keys(patchRole.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409']));
    expect(patchRole['x-permission']).toBe('core.access.manage');
    expect(doc.paths['/api/users'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['q', 'filter', 'sort', 'limit', 'cursor']),
    );
    expect(doc.paths['/health'].get.responses['401']).toBeUndefined();
    // A list refuses a caller who holds its permission nowhere.
    expect(Object.keys(doc.paths['/api/grants'].get.responses)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it('names the permission of every operation that needs more than a signed-in user, and only declared ones', async () => {
    const signedIn = operations()
      .filter(({ op }) => op.responses['401'])
      .map(({ path, method, op }) => ({ route: `${method.toUpperCase()} ${path}`, permission: op['x-permission'] }));
    expect(signedIn.filter((o) => !o.permission && !SELF_SERVICE_ROUTES.includes(o.route)).map((o) => o.route)).toEqual(
      [],
    );
    expect(signedIn.filter((o) => o.permission && SELF_SERVICE_ROUTES.includes(o.route)).map((o) => o.route)).toEqual(
      [],
    );
    // That every listed route exists is checked with every plugin enabled, in route-permissions.e2e-spec.ts.

    const declared = (
      await t.http().get('/api/access/permissions').set(bearer(t.adminToken)).expect(200)
    ).body.items.map((p: { name: string }) => p.name);
    expect(
      signedIn
        .filter((o) => o.permission && !declared.includes(o.permission))
        .map((o) => `${o.route}: ${o.permission}`),
    ).toEqual([]);
    expect(doc.paths['/api/customers/{id}/restore'].post['x-permission']).toBe('contacts.customer.delete');
  });
});
