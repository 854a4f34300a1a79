import type { TestApp } from '../../../test/setup/harness.js';
import {
  addressBook,
  area,
  customer,
  customerPerson,
  fileTicket,
  ids,
  ok,
  send,
  staff,
  startHelpdeskApp,
} from './helpdesk-test-kit.js';

describe('public lines', () => {
  let t: TestApp;
  let line: { id: string };
  let closed: { id: string };
  let agent: { id: string; token: string };
  let book: string;

  beforeAll(async () => {
    t = await startHelpdeskApp();
    book = await addressBook(t, 'Praha');
    line = await area(t, { code: 'partners', name: 'Partner line', isPublic: true });
    closed = await area(t, { code: 'internal', isDefault: true });
    agent = await staff(t, 'agent@test.local', [
      ['administrator', line.id],
      ['administrator', closed.id],
      ['administrator', book],
    ]);
  });
  afterAll(() => t?.close());

  it('lets a user of another company connect to a public line, file requests there and follow only their own', async () => {
    const outsider = await t.user('ops@acme.test');
    const other = await t.user('it@globex.test');
    expect(ids(await ok(t, outsider.token, 'get', '/api/helpdesk/areas'))).toEqual([line.id]);
    const connection = await ok(t, outsider.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, {
      company: 'ACME Corp',
    });
    expect(connection).toMatchObject({
      areaId: line.id,
      userId: outsider.id,
      company: 'ACME Corp',
      disconnectedAt: null,
    });
    await ok(t, other.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, { company: 'Globex' });

    const ticket = await fileTicket(t, outsider.token, { subject: 'Our link to you is down', areaId: line.id });
    expect(ticket).toMatchObject({ customerId: null, areaId: line.id, requesterId: outsider.id, state: 'new' });
    const theirs = await fileTicket(t, other.token, { subject: 'Globex question', areaId: line.id });
    expect(ids(await ok(t, outsider.token, 'get', '/api/tickets'))).toEqual([ticket.id]);
    expect((await send(t, outsider.token, 'get', `/api/tickets/${theirs.id}`)).status).toBe(404);
    // Staff of the line see them all and answer; the outsider answers back from the requester's side.
    expect(ids(await ok(t, agent.token, 'get', `/api/tickets?filter[areaId]=${line.id}`)).sort()).toEqual(
      [ticket.id, theirs.id].sort(),
    );
    await ok(t, agent.token, 'post', `/api/tickets/${ticket.id}/messages`, { body: 'Checking' });
    expect(await ok(t, outsider.token, 'post', `/api/tickets/${ticket.id}/messages`, { body: 'Thanks' })).toMatchObject(
      { fromCustomer: true },
    );
    expect(
      (await send(t, outsider.token, 'post', `/api/tickets/${ticket.id}/state`, { version: 1, state: 'closed' }))
        .status,
    ).toBe(403);
  });

  it('refuses lines that are not public, customer people and a second connection', async () => {
    const outsider = await t.user('x@initech.test');
    expect(
      (await send(t, outsider.token, 'post', `/api/helpdesk/areas/${closed.id}/connect`, { company: 'Initech' }))
        .status,
    ).toBe(404);
    // Not connected: they may file nowhere.
    expect(
      (await send(t, outsider.token, 'post', '/api/tickets', { subject: 'x', body: 'x', areaId: line.id })).status,
    ).toBe(403);
    const novak = await customer(t, 'Novák s.r.o.', book);
    const boss = await customerPerson(t, 'boss@novak.test', novak.id, 'administrator');
    const refused = await send(t, boss.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, { company: 'Novák' });
    expect([refused.status, refused.body.code]).toEqual([422, 'CUSTOMER_PERSON']);
    await ok(t, outsider.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, { company: 'Initech' });
    expect(
      (await send(t, outsider.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, { company: 'Initech' })).body
        .code,
    ).toBe('ALREADY_CONNECTED');
    expect((await send(t, outsider.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, {})).status).toBe(400);
  });

  it('lists outside users by company and line, and disconnecting one ends their access at once', async () => {
    const user = await t.user('dev@umbrella.test');
    const connection = await ok(t, user.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, {
      company: 'Umbrella Ltd',
    });
    const ticket = await fileTicket(t, user.token, { subject: 'Umbrella request', areaId: line.id });

    const byCompany = await ok(t, agent.token, 'get', '/api/helpdesk/line-users?filter[company]=umbrella');
    expect(byCompany.items).toEqual([
      expect.objectContaining({
        id: connection.id,
        company: 'Umbrella Ltd',
        user: expect.objectContaining({ email: 'dev@umbrella.test' }),
      }),
    ]);
    const byLine = await ok(t, agent.token, 'get', `/api/helpdesk/line-users?filter[areaId]=${line.id}&limit=100`);
    expect(byLine.items.map((c: any) => c.company)).toEqual(
      expect.arrayContaining(['ACME Corp', 'Globex', 'Initech', 'Umbrella Ltd']),
    );
    expect((await send(t, user.token, 'get', '/api/helpdesk/line-users')).status).toBe(403);

    const disconnected = await ok(t, agent.token, 'delete', `/api/helpdesk/line-users/${connection.id}`);
    expect(disconnected.disconnectedAt).toBeTruthy();
    expect((await send(t, user.token, 'get', `/api/tickets/${ticket.id}`)).status).toBe(404);
    expect((await send(t, user.token, 'post', `/api/tickets/${ticket.id}/messages`, { body: 'hello?' })).status).toBe(
      404,
    );
    expect((await send(t, user.token, 'get', '/api/tickets')).status).toBe(403);
    expect(
      (await send(t, user.token, 'post', '/api/tickets', { subject: 'x', body: 'x', areaId: line.id })).status,
    ).toBe(403);
    // Staff still have the ticket; the user may connect again, which an administrator sees as a new connection.
    expect((await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}`)).id).toBe(ticket.id);
    const connected = await ok(
      t,
      agent.token,
      'get',
      '/api/helpdesk/line-users?filter[connected]=true&filter[company]=umbrella',
    );
    expect(connected.items).toEqual([]);
  });

  it('shows a connection to those who manage its line and disconnects the selected users together, except on lines the caller does not manage', async () => {
    const other = await area(t, { code: 'other-line', name: 'Other line', isPublic: true });
    const [a, b, c] = [await t.user('a@hooli.test'), await t.user('b@hooli.test'), await t.user('c@pied.test')];
    const first = await ok(t, a.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, { company: 'Hooli' });
    const second = await ok(t, b.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, { company: 'Hooli' });
    const foreign = await ok(t, c.token, 'post', `/api/helpdesk/areas/${other.id}/connect`, { company: 'Pied Piper' });
    expect(await ok(t, agent.token, 'get', `/api/helpdesk/line-users/${first.id}`)).toMatchObject({
      id: first.id,
      company: 'Hooli',
      area: { id: line.id, name: 'Partner line' },
      user: { id: a.id, email: 'a@hooli.test' },
    });
    expect((await send(t, agent.token, 'get', `/api/helpdesk/line-users/${foreign.id}`)).status).toBe(404);

    const done = await ok(
      t,
      agent.token,
      'post',
      '/api/helpdesk/line-users/disconnect',
      { ids: [first.id, second.id, foreign.id] },
      200,
    );
    expect(done).toEqual({ disconnected: 2 });
    expect((await send(t, a.token, 'get', '/api/tickets')).status).toBe(403);
    expect((await send(t, b.token, 'get', '/api/tickets')).status).toBe(403);
    expect((await send(t, c.token, 'get', '/api/tickets')).status).toBe(200);
    expect((await ok(t, t.adminToken, 'get', `/api/helpdesk/line-users/${foreign.id}`)).disconnectedAt).toBeNull();
    expect((await send(t, agent.token, 'post', '/api/helpdesk/line-users/disconnect', { ids: [] })).status).toBe(400);
  });
});
