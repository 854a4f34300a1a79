import fc from 'fast-check';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PluginRegistry } from '@clientele/core';
import { projectRoot } from '../apps/server/paths.js';
import { seedOnce } from '../apps/server/seed.js';
import { bearer, startTestApp, type TestApp } from './setup/harness.js';
import { plausible } from './fuzz/requests.js';
import { send } from './fuzz/send.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOBODY = '01900000-0000-7000-8000-00000000dead';

function collectIds(value: unknown, into: Set<string>) {
  if (typeof value === 'string' && UUID.test(value)) into.add(value);
  else if (Array.isArray(value)) value.forEach((item) => collectIds(item, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => collectIds(item, into));
}

/**
 * "A record's existence is never revealed": for every documented route taking an id, a caller
 * who may not see a record gets exactly the answer (status, code, message) they get for an id
 * that exists nowhere. Callers: a user with no rights, and the demo customer's Administrator
 * (who sees their own customer and nothing else). New routes are covered as they appear.
 */
describe('"not there" and "not yours" answer alike', () => {
  let t: TestApp;
  let doc: any;
  const callers: Record<string, string> = {};

  beforeAll(async () => {
    const plugins = readdirSync(join(projectRoot, 'plugins')).filter((id) =>
      existsSync(join(projectRoot, 'plugins', id, `${id}.plugin.ts`)),
    );
    t = await startTestApp({ plugins });
    const seeded = await seedOnce(t.app, t.get(PluginRegistry).plugins);
    callers.outsider = (await t.user('outsider@existence.local')).token;
    const demoAdmin = seeded!.notes.find((line) => line.startsWith('customer.admin@clientele.local / '));
    if (demoAdmin)
      callers.customerAdministrator = await t.login(
        'customer.admin@clientele.local',
        demoAdmin.split(' / ')[1].split(' ')[0],
      );
    doc = (await t.http().get('/docs-json')).body;
  });
  afterAll(() => t?.close());

  it('for every route taking an id, to a caller who may not see the record', async () => {
    const operations = Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      Object.entries<any>(item).map(([method, op]) => ({ path, method, op })),
    );
    const fastify = t.app.getHttpAdapter().getInstance();
    const call = async (method: string, url: string, token: string, body?: unknown) => {
      const res = await send(fastify, {
        method: method.toUpperCase() as never,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: res.statusCode, body: res.body.startsWith('{') ? JSON.parse(res.body) : null };
    };
    const ids = new Set<string>();
    const listed = new Map<string, string[]>();
    for (const { path, method } of operations) {
      if (method !== 'get' || path.includes('{')) continue;
      const res = await call('get', path, t.adminToken);
      if (res.status !== 200) continue;
      collectIds(res.body, ids);
      if (Array.isArray(res.body?.items))
        listed.set(path, res.body.items.map((item: { id?: string }) => item.id).filter(Boolean));
    }
    const pool = [...ids].sort();
    // A record path's likely ids: its list's, else a sample of all.
    const candidates = (recordPath: string) =>
      listed.get(recordPath.replace(/\/\{\w+\}$/, '')) ?? fc.sample(fc.constantFrom(...pool), { seed: 2, numRuns: 60 });
    const get = (url: string, token: string) => call('get', url, token);
    // The ids a route's record path (`/api/x/{id}`) shows the master admin, and hides from a caller.
    const hiddenCache = new Map<string, string[]>();
    const hidden = async (recordPath: string, caller: string) => {
      const key = `${caller} ${recordPath}`;
      if (!hiddenCache.has(key)) {
        const found: string[] = [];
        for (const id of new Set(candidates(recordPath))) {
          if (found.length === 2) break;
          const url = recordPath.replace(/\{\w+\}/, id);
          if ((await get(url, t.adminToken)).status === 200 && (await get(url, callers[caller])).status === 404)
            found.push(id);
        }
        hiddenCache.set(key, found);
      }
      return hiddenCache.get(key)!;
    };

    const differences: string[] = [];
    let compared = 0;
    for (const { path, method, op } of operations) {
      const first = /\{\w+\}/.exec(path);
      if (!first) continue;
      const recordPath = path.slice(0, first.index + first[0].length);
      if (!doc.paths[recordPath]?.get) continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const body = schema ? fc.sample(plausible(doc, schema, pool), { seed: 1, numRuns: 1 })[0] : undefined;
      for (const caller of Object.keys(callers)) {
        for (const id of await hidden(recordPath, caller)) {
          const ask = async (value: string) => {
            const url = path.replace(first[0], value).replace(/\{\w+\}/g, NOBODY);
            const res = await call(method, url, callers[caller], body);
            return `${res.status} ${res.body?.code} ${res.body?.message}`;
          };
          const [notYours, notThere] = [await ask(id), await ask(NOBODY)];
          compared++;
          if (notYours !== notThere)
            differences.push(
              `${caller} ${method.toUpperCase()} ${path}: not yours → ${notYours}; not there → ${notThere}`,
            );
        }
      }
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(30);
  }, 180_000);

  it('for a role owned where the caller cannot see it, offered in a grant', async () => {
    const admin = bearer(t.adminToken);
    const books = (await t.http().get('/api/address-books').set(admin)).body.items;
    const owned = await t
      .http()
      .post('/api/roles')
      .set(admin)
      .send({ code: 'hidden.role', name: 'Hidden', permissions: ['contacts.service.read'], ownerNodeId: books[1].id });
    expect(owned.status).toBe(201);
    const me = (await t.http().get('/api/me').set(bearer(callers.customerAdministrator))).body;
    const grantWith = (roleId: string) =>
      t
        .http()
        .post('/api/grants')
        .set(bearer(callers.customerAdministrator))
        .send({ userId: me.id, roleId, nodeId: me.homeNodeId });
    const [notYours, notThere] = [await grantWith(owned.body.id), await grantWith(NOBODY)];
    expect(notYours.status).toBe(404);
    expect([notYours.status, notYours.body]).toEqual([notThere.status, notThere.body]);
  });

  it('for an address book the importer cannot see, named for an import', async () => {
    const admin = bearer(t.adminToken);
    const books = (await t.http().get('/api/address-books').set(admin)).body.items;
    const importInto = (addressBookId: string) =>
      t
        .http()
        .post('/api/customers/import')
        .query({ addressBookId })
        .set(bearer(callers.customerAdministrator))
        .set('content-type', 'text/csv')
        .send('name\nSomeone\n');
    const [notYours, notThere] = [await importInto(books[0].id), await importInto(NOBODY)];
    expect(notYours.status).toBe(404);
    expect([notYours.status, notYours.body]).toEqual([notThere.status, notThere.body]);
  });
});
