import { startTestApp, TestApp, bearer } from './setup/harness.js';

describe('a plugin outside plugins/, enabled only through config', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['./test/fixtures/external-plugin'] });
  });
  afterAll(() => t?.close());

  it('migrates its table, serves its route and protects it with its permission', async () => {
    const created = await t.http().post('/api/asset-tags').set(bearer(t.adminToken)).send({ label: 'rack-12' });
    expect(created.status).toBe(201);
    const list = await t.http().get('/api/asset-tags').set(bearer(t.adminToken));
    expect(list.body.items.map((i: any) => i.label)).toEqual(['rack-12']);

    const stranger = await t.user('stranger@test.local');
    const denied = await t.http().post('/api/asset-tags').set(bearer(stranger.token)).send({ label: 'x' });
    expect(denied.status).toBe(403);
    expect((await t.http().get('/api/asset-tags').set(bearer(stranger.token))).status).toBe(403);
  });

  it('adds its permission to the built-in Administrator role', async () => {
    const roles = await t.http().get('/api/roles?filter[isBuiltin]=true').set(bearer(t.adminToken));
    const admin = roles.body.items.find((r: any) => r.code === 'administrator');
    expect(admin.permissions).toEqual(
      expect.arrayContaining(['asset-tags.tag.read', 'asset-tags.tag.write', 'core.access.manage']),
    );
  });
});
