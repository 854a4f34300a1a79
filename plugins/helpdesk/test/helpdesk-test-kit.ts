import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';

export const startHelpdeskApp = (plugins: string[] = [], settings: Record<string, Record<string, unknown>> = {}) =>
  startTestApp({ plugins: ['contacts', 'sla', 'helpdesk', ...plugins], settings });

type Method = 'post' | 'patch' | 'put' | 'delete' | 'get';

export async function send(t: TestApp, token: string, method: Method, path: string, body?: object) {
  const req = t.http()[method](path).set(bearer(token));
  return body ? req.send(body) : req;
}

/** Calls the API and fails loudly unless it answers `status`. */
export async function ok(
  t: TestApp,
  token: string,
  method: Method,
  path: string,
  body?: object,
  status = method === 'post' ? 201 : 200,
) {
  const res = await send(t, token, method, path, body);
  if (res.status !== status)
    throw new Error(`${method.toUpperCase()} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Grants the built-in role `roleCode` to the user on the node, as an administrator would. */
export async function grant(t: TestApp, userId: string, roleCode: string, nodeId: string) {
  const roles = await ok(t, t.adminToken, 'get', '/api/roles?filter[isBuiltin]=true&limit=500');
  const role = roles.items.find((r: { code: string }) => r.code === roleCode);
  return ok(t, t.adminToken, 'post', '/api/grants', { userId, roleId: role.id, nodeId });
}

/** A service template (so customers come with a first service) and an address book. */
export async function addressBook(t: TestApp, name: string) {
  const templates = await ok(t, t.adminToken, 'get', '/api/service-templates');
  if (!templates.items.length)
    await ok(t, t.adminToken, 'post', '/api/service-templates', { code: 'internet', name: 'Internet' });
  return (await ok(t, t.adminToken, 'post', '/api/address-books', { name })).id as string;
}

/** A customer with its first consumer and service. */
export async function customer(t: TestApp, name: string, addressBookId: string) {
  const created = await ok(t, t.adminToken, 'post', '/api/customers', { name, addressBookId });
  const consumers = await ok(t, t.adminToken, 'get', `/api/customers/${created.id}/consumers`);
  const consumerId = consumers.items[0].id as string;
  const services = await ok(t, t.adminToken, 'get', `/api/consumers/${consumerId}/services`);
  return { id: created.id as string, consumerId, serviceId: services.items[0].id as string };
}

export const area = (t: TestApp, body: { code: string; name?: string } & Record<string, unknown>) =>
  ok(t, t.adminToken, 'post', '/api/helpdesk/areas', { name: body.code, ...body });

/** Staff: granted the role on each node (areas, address books), with no home inside a customer. */
export async function staff(t: TestApp, email: string, grants: [role: string, nodeId: string][]) {
  const user = await t.user(email);
  for (const [role, node] of grants) await grant(t, user.id, role, node);
  return user;
}

/** One of the customer's people: home inside the customer, granted the role on `nodeId` (the customer or one of its services). */
export async function customerPerson(t: TestApp, email: string, customerId: string, role: string, nodeId = customerId) {
  const user = await t.user(email, { homeNodeId: customerId });
  await grant(t, user.id, role, nodeId);
  return user;
}

export const fileTicket = (t: TestApp, token: string, body: Record<string, unknown>) =>
  ok(t, token, 'post', '/api/tickets', { body: 'Please help', ...body });

export const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);
