import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { IS_PUBLIC, ROUTE_PERMISSION, newId } from '@clientele/core';
import { contactsBasics } from '../plugins/contacts/test/helpers.js';
import { ADMIN_UI_PREFIX, PUBLIC_ROUTES, SELF_SERVICE_ROUTES } from './route-catalogue.js';
import { bearer, startTestApp, TestApp } from './setup/harness.js';

interface Route {
  method: string;
  /** The router's pattern, e.g. `/api/customers/:id`. */
  pattern: string;
  /** As the OpenAPI document and the catalogue write it: `GET /api/customers/{id}`. */
  name: string;
  permission: string | undefined;
  /** The permission is checked on a record the path names (not on the system, not anywhere). */
  onRecordInPath: boolean;
  isPublic: boolean;
}

/** Every route the running application answers, read from the controllers Nest has mounted. */
function mountedRoutes(t: TestApp): Route[] {
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller?.prototype) continue;
      const bases: string[] = [].concat(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const key of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, key)?.value;
        const paths = typeof handler === 'function' ? Reflect.getMetadata(PATH_METADATA, handler) : undefined;
        if (key === 'constructor' || paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const declared =
          Reflect.getMetadata(ROUTE_PERMISSION, handler) ?? Reflect.getMetadata(ROUTE_PERMISSION, controller);
        const isPublic = !!(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller));
        for (const base of bases) {
          for (const path of [].concat(paths) as string[]) {
            const pattern = `/${[base, path]
              .map((p) => p.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/')}`;
            const onRecordInPath = !!declared?.rule.node && !declared.rule.node.known && pattern.includes(':');
            routes.push({
              method,
              pattern,
              name: `${method} ${pattern.replace(/:(\w+)/g, '{$1}')}`,
              permission: declared?.permission,
              onRecordInPath,
              isPublic,
            });
          }
        }
      }
    }
  }
  return routes;
}

/** Every plugin in the repository, so that a new plugin's routes are walked too. */
const builtInPlugins = () =>
  readdirSync(join(process.cwd(), 'plugins')).filter((id) =>
    existsSync(join(process.cwd(), 'plugins', id, `${id}.plugin.ts`)),
  );

describe('route permissions', () => {
  let t: TestApp;
  let routes: Route[];
  let nobody: { id: string; token: string };
  /** A real record for each kind of path, so that the guard meets records that exist. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ plugins: builtInPlugins() });
    routes = mountedRoutes(t);
    const admin = bearer(t.adminToken);
    const post = async (path: string, body: object) => {
      const res = await t.http().post(path).set(admin).send(body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const { addressBooks } = await contactsBasics(t);
    ids['address-books'] = addressBooks[0].id;
    ids.customers = (
      await post('/api/customers', { name: 'Walked Through s.r.o.', addressBookId: ids['address-books'] })
    ).id;
    ids.consumers = (await t.http().get(`/api/customers/${ids.customers}/consumers`).set(admin)).body.items[0].id;
    ids.services = (await t.http().get(`/api/consumers/${ids.consumers}/services`).set(admin)).body.items[0].id;
    ids['contact-persons'] = (
      await post(`/api/customers/${ids.customers}/contact-persons`, { name: 'Jana Nováková' })
    ).id;
    ids.notes = (await post('/api/notes', { nodeId: ids.customers, text: 'Calls before noon' })).id;
    ids.roles = (
      await post('/api/roles', {
        code: 'walker',
        name: 'Walker',
        permissions: ['notes.read'],
        ownerNodeId: ids.customers,
      })
    ).id;
    ids['user-groups'] = (await post('/api/user-groups', { name: 'Walkers' })).id;
    const other = await t.user('other@test.local');
    ids.users = other.id;
    ids.grants = (await post('/api/grants', { userId: other.id, roleId: ids.roles, nodeId: ids.customers })).id;
    nobody = await t.user('nobody@test.local');
  });
  afterAll(() => t?.close());

  /** The path with its parameters filled: ids of real records where the kind is known, a fresh UUID elsewhere. */
  const concrete = (pattern: string) =>
    pattern.replace(/\/([^/]+)\/:(\w+)/g, (_all, segment: string, param: string) => {
      if (param === 'userId') return `/${segment}/${ids.users}`;
      if (param !== 'id' && !param.endsWith('Id')) return `/${segment}/contacts`;
      return `/${segment}/${ids[segment] ?? newId()}`;
    });

  it('walks a router that holds the core and every plugin', () => {
    const names = routes.map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /api/customers/{id}',
        'PATCH /api/notes/{id}',
        'DELETE /api/grants/{id}',
        'GET /metrics',
      ]),
    );
    const fastify = t.app.getHttpAdapter().getInstance();
    expect(routes.filter((r) => !fastify.hasRoute({ method: r.method, url: r.pattern })).map((r) => r.name)).toEqual(
      [],
    );
  });

  it('refuses a signed-in user without grants on every route that declares a permission: 403 or 404, never 2xx or 5xx', async () => {
    const answers: string[] = [];
    const onRecords: string[] = [];
    for (const route of routes.filter((r) => r.permission)) {
      const send = t.http()[route.method.toLowerCase() as 'get'];
      const res = await send(concrete(route.pattern)).set(bearer(nobody.token)).send({});
      const answer = `${route.name} ${res.status} ${res.body?.code ?? ''}`.trim();
      answers.push(answer);
      if (route.onRecordInPath) onRecords.push(answer);
    }
    const allowed = answers.filter((a) => !/ (403 FORBIDDEN|404 NOT_FOUND)$/.test(a));
    expect(allowed).toEqual([]);
    expect(answers.length).toBeGreaterThan(60);
    // A record they may not see is answered as if it were not there, whether it exists or not.
    expect(onRecords.filter((a) => !a.endsWith(' 404 NOT_FOUND'))).toEqual([]);
    expect(onRecords.length).toBeGreaterThan(25);
  });

  it('finds the real records it asks for: the master admin passes the guard on the same paths', async () => {
    for (const route of routes.filter(
      (r) =>
        r.permission &&
        r.method === 'GET' &&
        /^\/api\/(customers|consumers|services|address-books|contact-persons|notes|roles|user-groups|users)\/:id$/.test(
          r.pattern,
        ),
    )) {
      const res = await t.http().get(concrete(route.pattern)).set(bearer(t.adminToken));
      expect([route.name, res.status]).toEqual([route.name, 200]);
    }
  });

  it('lets through a caller who holds the permission where the route names: 403 where they may only look, 404 where they may not', async () => {
    const admin = bearer(t.adminToken);
    const role = (
      await t
        .http()
        .post('/api/roles')
        .set(admin)
        .send({ code: 'card-reader', name: 'Card reader', permissions: ['contacts.customer.read'] })
    ).body.id;
    const other = (
      await t
        .http()
        .post('/api/customers')
        .set(admin)
        .send({ name: 'Unseen a.s.', addressBookId: ids['address-books'] })
    ).body;
    const reader = await t.user('reader@test.local');
    expect(
      (await t.http().post('/api/grants').set(admin).send({ userId: reader.id, roleId: role, nodeId: ids.customers }))
        .status,
    ).toBe(201);
    const as = bearer(reader.token);

    const card = await t.http().get(`/api/customers/${ids.customers}`).set(as);
    expect(card.status).toBe(200);
    expect(
      (
        await t
          .http()
          .patch(`/api/customers/${ids.customers}`)
          .set(as)
          .send({ version: card.body.version, name: 'Renamed' })
      ).status,
    ).toBe(403);
    expect((await t.http().get(`/api/customers/${other.id}`).set(as)).status).toBe(404);
    expect(
      (await t.http().patch(`/api/customers/${other.id}`).set(as).send({ version: other.version, name: 'Renamed' }))
        .status,
    ).toBe(404);
    // A collection route needs the permission somewhere; the list then holds only what it reaches.
    const list = await t.http().get('/api/customers').set(as);
    expect([list.status, list.body.items.map((c: any) => c.id)]).toEqual([200, [ids.customers]]);
    expect((await t.http().get('/api/address-books').set(as)).status).toBe(403);
    // Their own account needs no users.read; someone else's does.
    expect((await t.http().get(`/api/users/${reader.id}`).set(as)).status).toBe(200);
    expect((await t.http().get(`/api/users/${ids.users}`).set(as)).status).toBe(404);
  });

  it('leaves without a permission only routes listed as public or self-service, and lists no route that is gone', () => {
    const undeclared = routes.filter((r) => !r.permission);
    const publicOnes = undeclared.filter((r) => r.isPublic);
    const signedIn = undeclared.filter((r) => !r.isPublic);
    expect(
      publicOnes
        .filter((r) => !PUBLIC_ROUTES.includes(r.name) && !r.pattern.startsWith(ADMIN_UI_PREFIX))
        .map((r) => r.name),
    ).toEqual([]);
    expect(signedIn.filter((r) => !SELF_SERVICE_ROUTES.includes(r.name)).map((r) => r.name)).toEqual([]);
    expect(routes.filter((r) => r.pattern.startsWith(ADMIN_UI_PREFIX) && !r.isPublic).map((r) => r.name)).toEqual([]);
    const names = new Set(routes.map((r) => r.name));
    expect([...PUBLIC_ROUTES, ...SELF_SERVICE_ROUTES].filter((name) => !names.has(name))).toEqual([]);
    expect(routes.filter((r) => r.permission && r.isPublic).map((r) => r.name)).toEqual([]);
  });
});
