import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';

/** The operator's zone is UTC here, so "today" in a test is the UTC date. */
export const startGroupsApp = () =>
  startTestApp({ plugins: ['contacts', 'customer-groups'], settings: { 'customer-groups': { timeZone: 'UTC' } } });

/** Two address books, and a way to put customers in them, as the master admin. */
export async function world(t: TestApp) {
  const praha = await ok(t, t.adminToken, 'post', '/api/address-books', { name: 'Praha' });
  const brno = await ok(t, t.adminToken, 'post', '/api/address-books', { name: 'Brno' });
  const customer = (name: string, book: { id: string }) =>
    ok(t, t.adminToken, 'post', '/api/customers', { name, addressBookId: book.id }).then((c) => c.id as string);
  return { praha, brno, customer };
}

/** Grants the built-in role `roleCode` to the user on the node, as an administrator would. */
export async function grant(t: TestApp, userId: string, roleCode: string, nodeId: string) {
  const roles = await ok(t, t.adminToken, 'get', '/api/roles?filter[isBuiltin]=true&limit=500');
  const role = roles.items.find((r: { code: string }) => r.code === roleCode);
  return ok(t, t.adminToken, 'post', '/api/grants', { userId, roleId: role.id, nodeId });
}

export async function send(
  t: TestApp,
  token: string,
  method: 'post' | 'patch' | 'delete' | 'get',
  path: string,
  body?: object,
) {
  const req = t.http()[method](path).set(bearer(token));
  return body ? req.send(body) : req;
}

/** Calls the API and fails loudly unless it answers `status`. */
export async function ok(
  t: TestApp,
  token: string,
  method: 'post' | 'patch' | 'delete' | 'get',
  path: string,
  body?: object,
  status = method === 'post' ? 201 : 200,
) {
  const res = await send(t, token, method, path, body);
  if (res.status !== status)
    throw new Error(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const group = (t: TestApp, body: { code: string; name?: string; priority: number }) =>
  ok(t, t.adminToken, 'post', '/api/customer-groups', { name: body.code, ...body });

export const addMember = (
  t: TestApp,
  groupId: string,
  customerId: string,
  dates: { validFrom?: string; validTo?: string } = {},
) => ok(t, t.adminToken, 'post', '/api/customer-group-memberships', { groupId, customerId, ...dates });

/** A day relative to today in UTC (the tests set the operator's zone to UTC). */
export function day(offset = 0) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
