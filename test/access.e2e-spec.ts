import { DataSource } from 'typeorm';
import { ScopeTreeService, newId } from '@clientele/core';
import { TestApp, bearer, startTestApp } from './setup/harness.js';

/**
 * Roles, user groups, grants and explain through HTTP, as a delegated manager who holds
 * core.access.manage on one site only. Tree: system → north → north-depot; system → south.
 */
describe('managing access rights over HTTP', () => {
  let t: TestApp;
  const site = { north: newId(), depot: newId(), south: newId() };
  let manager: { id: string; token: string };
  let clerk: { id: string; token: string };
  let stranger: { id: string; token: string };
  const roles: Record<string, string> = {};

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).set(bearer(token)),
    post: (path: string, body?: object) => t.http().post(path).set(bearer(token)).send(body),
    patch: (path: string, body: object) => t.http().patch(path).set(bearer(token)).send(body),
    delete: (path: string) => t.http().delete(path).set(bearer(token)),
  });
  const admin = () => as(t.adminToken);
  const history = async (entityType: string, entityId: string) =>
    (await admin().get(`/api/history?filter[entityType]=${entityType}&filter[entityId]=${entityId}`)).body.items.map(
      (h: any) => h.action,
    );

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['./test/fixtures/scope-kinds-plugin'] });
    const tree = t.get(ScopeTreeService);
    const db = t.get(DataSource);
    await tree.create(db.manager, { id: site.north, kind: 'site', label: 'North' });
    await tree.create(db.manager, { id: site.depot, kind: 'site', parentId: site.north, label: 'North depot' });
    await tree.create(db.manager, { id: site.south, kind: 'site', label: 'South' });
    [manager, clerk, stranger] = [
      await t.user('manager@test.local'),
      await t.user('clerk@test.local'),
      await t.user('stranger@test.local'),
    ];

    for (const [code, permissions] of Object.entries({
      'site-manager': ['core.access.read', 'core.access.manage'],
      viewer: ['core.access.read'],
      auditor: ['core.access.read', 'core.history.read'],
    })) {
      const res = await admin().post('/api/roles', { code, name: code, permissions });
      expect(res.status).toBe(201);
      roles[code] = res.body.id;
    }
    expect(
      (await admin().post('/api/grants', { userId: manager.id, roleId: roles['site-manager'], nodeId: site.north }))
        .status,
    ).toBe(201);
    // The manager may look at the south site's access settings, not change them.
    expect(
      (await admin().post('/api/grants', { userId: manager.id, roleId: roles.viewer, nodeId: site.south })).status,
    ).toBe(201);
  });
  afterAll(() => t?.close());

  it('records roles in the history when they are created and changed', async () => {
    const role = (await admin().get(`/api/roles/${roles.viewer}`)).body;
    const changed = await admin().patch(`/api/roles/${roles.viewer}`, {
      version: role.version,
      description: 'Looks, never touches',
    });
    expect(changed.status).toBe(200);
    expect(await history('role', roles.viewer)).toEqual(expect.arrayContaining(['create', 'update']));
  });

  it('lets a manager grant on their site and below', async () => {
    const res = await as(manager.token).post('/api/grants', {
      userId: clerk.id,
      roleId: roles.viewer,
      nodeId: site.depot,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      userId: clerk.id,
      roleId: roles.viewer,
      nodeId: site.depot,
      createdBy: manager.id,
    });
    expect(await history('grant', res.body.id)).toEqual(['create']);
    const explained = await as(manager.token).get(
      `/api/access/explain?user=${clerk.id}&permission=core.access.read&node=${site.depot}`,
    );
    expect(explained.status).toBe(200);
    expect(explained.body.allowed).toBe(true);
  });

  it('answers 404 outside what the manager can see and 403 where they can only look', async () => {
    const root = await as(manager.token).post('/api/grants', {
      userId: clerk.id,
      roleId: roles.viewer,
      nodeId: '00000000-0000-7000-8000-000000000000',
    });
    expect(root.status).toBe(404);
    const south = await as(manager.token).post('/api/grants', {
      userId: clerk.id,
      roleId: roles.viewer,
      nodeId: site.south,
    });
    expect(south.status).toBe(403);
    const nowhere = await as(stranger.token).post('/api/grants', {
      userId: clerk.id,
      roleId: roles.viewer,
      nodeId: site.north,
    });
    expect(nowhere.status).toBe(404);
  });

  it('does not let a manager hand out rights they do not hold', async () => {
    const res = await as(manager.token).post('/api/grants', {
      userId: clerk.id,
      roleId: roles.auditor,
      nodeId: site.depot,
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('grants a role owned by a site only inside that site', async () => {
    const owned = await as(manager.token).post('/api/roles', {
      code: 'depot-viewer',
      name: 'Depot viewer',
      permissions: ['core.access.read'],
      ownerNodeId: site.depot,
    });
    expect(owned.status).toBe(201);
    expect(await history('role', owned.body.id)).toEqual(['create']);
    const outside = await as(manager.token).post('/api/grants', {
      userId: clerk.id,
      roleId: owned.body.id,
      nodeId: site.north,
    });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('ROLE_OUTSIDE_OWNER');
    const inside = await as(manager.token).post('/api/grants', {
      userId: stranger.id,
      roleId: owned.body.id,
      nodeId: site.depot,
    });
    expect(inside.status).toBe(201);
    // A role owned by the depot is listed to those who may read the depot's access settings only.
    expect((await as(clerk.token).get('/api/roles')).body.items.map((r: any) => r.code)).toContain('depot-viewer');
    const outsider = await t.user('outsider@test.local');
    // Reading access settings nowhere, they list no roles at all; reading them on the south site only, not the depot's.
    expect((await as(outsider.token).get('/api/roles')).status).toBe(403);
    expect(
      (await admin().post('/api/grants', { userId: outsider.id, roleId: roles.viewer, nodeId: site.south })).status,
    ).toBe(201);
    const listed = (await as(outsider.token).get('/api/roles')).body.items.map((r: any) => r.code);
    expect(listed).toContain('viewer');
    expect(listed).not.toContain('depot-viewer');
  });

  it('refuses the same grant twice with 409', async () => {
    const body = { userId: clerk.id, roleId: roles.viewer, nodeId: site.north };
    expect((await as(manager.token).post('/api/grants', body)).status).toBe(201);
    const again = await as(manager.token).post('/api/grants', body);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_GRANTED');
  });

  it('manages user groups and their members on the manager’s site, and grants to them', async () => {
    const outside = await as(manager.token).post('/api/user-groups', { name: 'Everyone' });
    expect(outside.status).toBe(404);
    const created = await as(manager.token).post('/api/user-groups', { name: 'Depot crew', ownerNodeId: site.north });
    expect(created.status).toBe(201);
    const group = created.body.id;
    expect((await as(manager.token).post(`/api/user-groups/${group}/members/${stranger.id}`)).status).toBe(204);
    const read = await as(manager.token).get(`/api/user-groups/${group}`);
    expect(read.body.members.map((m: any) => m.id)).toEqual([stranger.id]);
    expect((await as(stranger.token).get(`/api/user-groups/${group}`)).status).toBe(404);

    const grant = await as(manager.token).post('/api/grants', {
      groupId: group,
      roleId: roles.viewer,
      nodeId: site.north,
    });
    expect(grant.status).toBe(201);
    const explained = await as(manager.token).get(
      `/api/access/explain?user=${stranger.id}&permission=core.access.read&node=${site.depot}`,
    );
    expect(explained.body.allowed).toBe(true);
    expect(explained.body.grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          grantId: grant.body.id,
          role: expect.objectContaining({ id: roles.viewer }),
          node: expect.objectContaining({ id: site.north }),
          via: { group: { id: group, name: 'Depot crew' } },
        }),
        expect.objectContaining({ node: expect.objectContaining({ id: site.depot }), via: 'direct' }),
      ]),
    );

    const renamed = await as(manager.token).patch(`/api/user-groups/${group}`, {
      version: created.body.version,
      name: 'Depot team',
    });
    expect(renamed.status).toBe(200);
    expect(await history('user_group', group)).toEqual(expect.arrayContaining(['create', 'update']));

    expect((await as(manager.token).delete(`/api/user-groups/${group}/members/${stranger.id}`)).status).toBe(204);
    const after = await as(manager.token).get(
      `/api/access/explain?user=${stranger.id}&permission=core.access.read&node=${site.north}`,
    );
    expect(after.body).toMatchObject({ allowed: false, grants: [] });
  });

  it('explains to the user themself and to people who may read access there, nobody else', async () => {
    const own = await as(clerk.token).get(
      `/api/access/explain?user=${clerk.id}&permission=core.history.read&node=${site.depot}`,
    );
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ allowed: false, grants: [] });
    const other = await as(stranger.token).get(
      `/api/access/explain?user=${clerk.id}&permission=core.access.read&node=${site.south}`,
    );
    expect(other.status).toBe(403);
    const bad = await as(manager.token).get(`/api/access/explain?user=not-a-uuid&permission=x&node=${site.north}`);
    expect(bad.status).toBe(400);
  });

  it('lists only the grants on nodes the caller may read, and lets a manager revoke there', async () => {
    const seen = await as(manager.token).get('/api/grants?limit=100');
    expect(seen.status).toBe(200);
    const nodes = new Set(seen.body.items.map((g: any) => g.nodeId));
    expect([...nodes].every((n) => [site.north, site.depot, site.south].includes(n as string))).toBe(true);
    expect(seen.body.total).toBe(seen.body.items.length);

    const southGrant = seen.body.items.find((g: any) => g.nodeId === site.south);
    expect((await as(manager.token).delete(`/api/grants/${southGrant.id}`)).status).toBe(403);
    const depotGrant = seen.body.items.find((g: any) => g.nodeId === site.depot && g.userId === clerk.id);
    expect((await as(manager.token).delete(`/api/grants/${depotGrant.id}`)).status).toBe(204);
    expect(await history('grant', depotGrant.id)).toEqual(expect.arrayContaining(['create', 'delete']));
    const nobody = await t.user('nobody@test.local');
    expect((await as(nobody.token).get('/api/grants')).status).toBe(403);
  });

  it('stops a manager’s rights at once when their site is deleted', async () => {
    const tree = t.get(ScopeTreeService);
    const db = t.get(DataSource);
    await tree.disableSubtree(db.manager, site.north);
    const res = await as(manager.token).post('/api/grants', {
      userId: stranger.id,
      roleId: roles.viewer,
      nodeId: site.depot,
    });
    expect(res.status).toBe(404);
    await tree.enableSubtree(db.manager, site.north);
    expect(
      (await as(manager.token).post('/api/grants', { userId: stranger.id, roleId: roles.viewer, nodeId: site.depot }))
        .status,
    ).toBe(201);
  });
});
