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

describe('tickets: areas, who sees what, the workflow', () => {
  let t: TestApp;
  let support: { id: string };
  let sales: { id: string };
  let praha: string;
  let brno: string;
  let novak: Awaited<ReturnType<typeof customer>>;
  let horvath: Awaited<ReturnType<typeof customer>>;
  let agent: { id: string; token: string };
  let salesman: { id: string; token: string };
  let pragueOnly: { id: string; token: string };

  beforeAll(async () => {
    t = await startHelpdeskApp();
    praha = await addressBook(t, 'Praha');
    brno = await addressBook(t, 'Brno');
    novak = await customer(t, 'Novák s.r.o.', praha);
    horvath = await customer(t, 'Horváth a.s.', brno);
    support = await area(t, { code: 'support', name: 'Support', isDefault: true });
    sales = await area(t, { code: 'sales', name: 'Sales' });
    agent = await staff(t, 'agent@test.local', [
      ['administrator', support.id],
      ['administrator', praha],
      ['administrator', brno],
    ]);
    salesman = await staff(t, 'sales@test.local', [
      ['administrator', sales.id],
      ['administrator', praha],
      ['administrator', brno],
    ]);
    pragueOnly = await staff(t, 'prague@test.local', [
      ['administrator', support.id],
      ['administrator', praha],
    ]);
  });
  afterAll(() => t?.close());

  it('files a ticket in the default area, new, with its first message, the requester and a number', async () => {
    const ticket = await fileTicket(t, agent.token, {
      subject: 'Internet is down',
      customerId: novak.id,
      body: 'Since <b>morning</b>',
      format: 'html',
    });
    expect(ticket).toMatchObject({
      subject: 'Internet is down',
      areaId: support.id,
      customerId: novak.id,
      state: 'new',
      requesterId: agent.id,
      version: 1,
    });
    expect(Number(ticket.number)).toBeGreaterThan(0);
    const messages = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/messages`);
    expect(messages.items).toEqual([
      expect.objectContaining({
        body: 'Since <b>morning</b>',
        fromCustomer: false,
        authorId: agent.id,
        private: false,
      }),
    ]);
    const history = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/history`);
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(['create']);
  });

  it('links a ticket filed on a service to its consumer and customer', async () => {
    const ticket = await fileTicket(t, agent.token, { subject: 'Slow line', serviceId: novak.serviceId });
    expect(ticket).toMatchObject({ customerId: novak.id, consumerId: novak.consumerId, serviceId: novak.serviceId });
    const wrong = await send(t, agent.token, 'post', '/api/tickets', {
      subject: 'x',
      body: 'x',
      serviceId: novak.serviceId,
      customerId: horvath.id,
    });
    expect(wrong.status).toBe(404);
  });

  it('shows a ticket only to staff of its area: list, search and by id', async () => {
    const ticket = await fileTicket(t, salesman.token, {
      subject: 'Offer for fibre upgrade',
      customerId: novak.id,
      areaId: sales.id,
    });
    expect((await ok(t, salesman.token, 'get', `/api/tickets/${ticket.id}`)).id).toBe(ticket.id);
    expect(ids(await ok(t, salesman.token, 'get', '/api/tickets?q=fibre'))).toEqual([ticket.id]);

    expect((await send(t, agent.token, 'get', `/api/tickets/${ticket.id}`)).status).toBe(404);
    expect((await send(t, agent.token, 'get', `/api/tickets/${ticket.id}/messages`)).status).toBe(404);
    expect((await send(t, agent.token, 'get', `/api/tickets/${ticket.id}/history`)).status).toBe(404);
    expect(ids(await ok(t, agent.token, 'get', '/api/tickets?q=fibre'))).toEqual([]);
    expect(ids(await ok(t, agent.token, 'get', '/api/tickets?limit=500'))).not.toContain(ticket.id);
    // A ticket that is not there answers exactly like one that is not theirs.
    const missing = await send(t, agent.token, 'get', '/api/tickets/0190a000-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect((await send(t, agent.token, 'get', `/api/tickets/${ticket.id}`)).body).toEqual(missing.body);
  });

  it("keeps the address-book rule on top of the area: area staff without the customer's book do not see its tickets", async () => {
    const ticket = await fileTicket(t, agent.token, { subject: 'Brno outage', customerId: horvath.id });
    expect((await send(t, pragueOnly.token, 'get', `/api/tickets/${ticket.id}`)).status).toBe(404);
    expect(ids(await ok(t, pragueOnly.token, 'get', '/api/tickets?limit=500'))).not.toContain(ticket.id);
    const refused = await send(t, pragueOnly.token, 'post', '/api/tickets', {
      subject: 'x',
      body: 'x',
      customerId: horvath.id,
    });
    expect(refused.status).toBe(404);
  });

  it("lets the customer's Administrators follow all its tickets and a service's Callers those of their service", async () => {
    const boss = await customerPerson(t, 'boss@novak.test', novak.id, 'administrator');
    const caller = await customerPerson(t, 'caller@novak.test', novak.id, 'caller', novak.serviceId);
    const onCustomer = await fileTicket(t, agent.token, { subject: 'Invoice question', customerId: novak.id });
    const byCaller = await fileTicket(t, caller.token, { subject: 'My line drops', serviceId: novak.serviceId });
    expect(byCaller).toMatchObject({ serviceId: novak.serviceId, requesterId: caller.id, areaId: support.id });
    const other = await fileTicket(t, agent.token, { subject: 'Horváth only', customerId: horvath.id });

    const bossSees = ids(await ok(t, boss.token, 'get', '/api/tickets?limit=500'));
    expect(bossSees).toEqual(expect.arrayContaining([onCustomer.id, byCaller.id]));
    expect(bossSees).not.toContain(other.id);
    const callerSees = ids(await ok(t, caller.token, 'get', '/api/tickets?limit=500'));
    expect(callerSees).toContain(byCaller.id);
    expect(callerSees).not.toContain(onCustomer.id);
    expect((await send(t, caller.token, 'get', `/api/tickets/${onCustomer.id}`)).status).toBe(404);
    expect((await send(t, boss.token, 'get', `/api/tickets/${other.id}`)).status).toBe(404);

    // A Caller files only on their service, not for the whole customer.
    expect(
      (await send(t, caller.token, 'post', '/api/tickets', { subject: 'x', body: 'x', customerId: novak.id })).status,
    ).toBe(404);
    // The customer's people answer on their tickets but do not run the workflow.
    const reply = await ok(t, caller.token, 'post', `/api/tickets/${byCaller.id}/messages`, { body: 'Still dropping' });
    expect(reply).toMatchObject({ fromCustomer: true, authorId: caller.id });
    const step = await send(t, caller.token, 'post', `/api/tickets/${byCaller.id}/state`, {
      version: byCaller.version,
      state: 'resolved',
    });
    expect(step.status).toBe(403);
  });

  it('moves through the workflow, refuses steps it does not have, and keeps each change in history', async () => {
    const ticket = await fileTicket(t, agent.token, { subject: 'Router replacement', customerId: novak.id });
    const open = await ok(
      t,
      agent.token,
      'post',
      `/api/tickets/${ticket.id}/state`,
      { version: 1, state: 'open' },
      200,
    );
    expect(open).toMatchObject({ state: 'open', version: 2 });
    const stale = await send(t, agent.token, 'post', `/api/tickets/${ticket.id}/state`, {
      version: 1,
      state: 'resolved',
    });
    expect(stale.status).toBe(409);
    const skip = await send(t, agent.token, 'post', `/api/tickets/${ticket.id}/state`, {
      version: 2,
      state: 'awaiting_authorisation',
    });
    expect(skip.status).toBe(422);
    expect(skip.body.code).toBe('STATE_TRANSITION');
    const waiting = await ok(
      t,
      agent.token,
      'post',
      `/api/tickets/${ticket.id}/state`,
      { version: 2, state: 'waiting_for_customer' },
      200,
    );
    expect(waiting.state).toBe('waiting_for_customer');

    // The customer's answer opens it again.
    const boss = await customerPerson(t, 'boss2@novak.test', novak.id, 'administrator');
    await ok(t, boss.token, 'post', `/api/tickets/${ticket.id}/messages`, { body: 'Here is the serial number' });
    const reopened = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}`);
    expect(reopened.state).toBe('open');

    const resolved = await ok(
      t,
      agent.token,
      'post',
      `/api/tickets/${ticket.id}/state`,
      { version: reopened.version, state: 'resolved' },
      200,
    );
    const closed = await ok(
      t,
      agent.token,
      'post',
      `/api/tickets/${ticket.id}/state`,
      { version: resolved.version, state: 'closed' },
      200,
    );
    const late = await send(t, boss.token, 'post', `/api/tickets/${ticket.id}/messages`, { body: 'One more thing' });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('TICKET_CLOSED');
    const again = await ok(
      t,
      agent.token,
      'post',
      `/api/tickets/${ticket.id}/state`,
      { version: closed.version, state: 'open' },
      200,
    );
    expect(again.state).toBe('open');

    const history = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/history?limit=50`);
    const states = history.items
      .filter((h: any) => h.action === 'update' && h.changes?.state)
      .map((h: any) => h.changes.state);
    expect(states.reverse()).toEqual([
      { before: 'new', after: 'open' },
      { before: 'open', after: 'waiting_for_customer' },
      { before: 'waiting_for_customer', after: 'open' },
      { before: 'open', after: 'resolved' },
      { before: 'resolved', after: 'closed' },
      { before: 'closed', after: 'open' },
    ]);
  });

  it('assigns a user or a user group, one at a time, and records it', async () => {
    const ticket = await fileTicket(t, agent.token, { subject: 'Assign me', customerId: novak.id });
    const toAgent = await ok(t, agent.token, 'patch', `/api/tickets/${ticket.id}`, {
      version: ticket.version,
      assigneeUserId: agent.id,
      severity: 'high',
    });
    expect(toAgent).toMatchObject({ assigneeUserId: agent.id, assigneeGroupId: null, severity: 'high' });
    const group = await ok(t, t.adminToken, 'post', '/api/user-groups', { name: 'Second line' });
    const toGroup = await ok(t, agent.token, 'patch', `/api/tickets/${ticket.id}`, {
      version: toAgent.version,
      assigneeGroupId: group.id,
    });
    expect(toGroup).toMatchObject({ assigneeUserId: null, assigneeGroupId: group.id });
    const both = await send(t, agent.token, 'patch', `/api/tickets/${ticket.id}`, {
      version: toGroup.version,
      assigneeGroupId: group.id,
      assigneeUserId: agent.id,
    });
    expect(both.status).toBe(400);
    expect(both.body.details[0].field).toBe('assigneeGroupId');
    const mine = ids(await ok(t, agent.token, 'get', '/api/tickets?filter[mine]=true&limit=500'));
    expect(mine).not.toContain(ticket.id);
    const byGroup = ids(await ok(t, agent.token, 'get', `/api/tickets?filter[assigneeGroupId]=${group.id}`));
    expect(byGroup).toEqual([ticket.id]);
  });

  it('answers bad input with 400 naming the field, never 500', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ body: 'x', customerId: novak.id }, 'subject'],
      [{ subject: 'x', customerId: novak.id }, 'body'],
      [{ subject: 'x', body: 'x' }, 'customerId'],
      [{ subject: 'x', body: 'x', customerId: 'nope' }, 'customerId'],
      [{ subject: 'x', body: 'x', customerId: novak.id, severity: 'urgent' }, 'severity'],
      [{ subject: 'x', body: '<script>alert(1)</script>', format: 'html', customerId: novak.id }, 'body'],
      [{ subject: 'x', body: 'x', customerId: novak.id, state: 'closed' }, 'state'],
    ];
    for (const [body, field] of cases) {
      const res = await send(t, agent.token, 'post', '/api/tickets', body);
      expect([res.status, res.body.details?.map((d: any) => d.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
    for (const query of [
      'filter[state]=open&filter[nope]=1',
      'filter[areaId]=x',
      'sort=subject',
      'cursor=abc',
      'filter[mine]=false',
    ]) {
      const res = await send(t, agent.token, 'get', `/api/tickets?${query}`);
      expect(res.status).toBe(400);
    }
    expect((await send(t, agent.token, 'get', '/api/tickets/nope')).status).toBe(400);
  });

  it('filters in SQL and pages with a cursor without losing or repeating a ticket', async () => {
    for (let i = 0; i < 7; i++)
      await fileTicket(t, agent.token, {
        subject: `Paged ${i}`,
        customerId: horvath.id,
        severity: i % 2 ? 'low' : 'normal',
      });
    const all = ids(await ok(t, agent.token, 'get', `/api/tickets?filter[customerId]=${horvath.id}&limit=500`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await ok(
        t,
        agent.token,
        'get',
        `/api/tickets?filter[customerId]=${horvath.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.total).toBe(all.length);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const either = await ok(
      t,
      agent.token,
      'get',
      `/api/tickets?filter[customerId]=${horvath.id}&filter[severity][]=low&filter[severity][]=normal&limit=500`,
    );
    expect(either.total).toBe(7);
    const low = await ok(t, agent.token, 'get', `/api/tickets?filter[customerId]=${horvath.id}&filter[severity]=low`);
    expect(low.items.every((i: any) => i.severity === 'low')).toBe(true);
    expect(low.total).toBe(3);
  });

  it('hides the tickets of a deleted customer from everyone, and brings them back with the customer', async () => {
    const gone = await customer(t, 'Gone s.r.o.', praha);
    const ticket = await fileTicket(t, agent.token, { subject: 'Before the deletion', customerId: gone.id });
    await ok(t, t.adminToken, 'delete', `/api/customers/${gone.id}`, undefined, 204);
    for (const token of [agent.token, pragueOnly.token, t.adminToken]) {
      expect((await send(t, token, 'get', `/api/tickets/${ticket.id}`)).status).toBe(404);
      expect(ids(await ok(t, token, 'get', '/api/tickets?q=before%20the%20deletion'))).toEqual([]);
    }
    await ok(t, t.adminToken, 'post', `/api/customers/${gone.id}/restore`, undefined, 200);
    expect((await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}`)).id).toBe(ticket.id);
  });

  it('keeps areas: code unique, one default, soft delete hides the area and its tickets from its staff', async () => {
    const dup = await send(t, t.adminToken, 'post', '/api/helpdesk/areas', { code: 'support', name: 'Again' });
    expect(dup.status).toBe(422);
    const billing = await area(t, { code: 'billing', name: 'Billing', isDefault: true });
    expect((await ok(t, t.adminToken, 'get', `/api/helpdesk/areas/${support.id}`)).isDefault).toBe(false);
    const clerk = await staff(t, 'clerk@test.local', [
      ['administrator', billing.id],
      ['administrator', praha],
    ]);
    const ticket = await fileTicket(t, clerk.token, { subject: 'Billing ticket', customerId: novak.id });
    expect(ticket.areaId).toBe(billing.id);
    await ok(t, t.adminToken, 'delete', `/api/helpdesk/areas/${billing.id}`, undefined, 204);
    expect((await send(t, clerk.token, 'get', `/api/tickets/${ticket.id}`)).status).toBe(404);
    await ok(t, t.adminToken, 'post', `/api/helpdesk/areas/${billing.id}/restore`, undefined, 200);
    expect((await ok(t, clerk.token, 'get', `/api/tickets/${ticket.id}`)).id).toBe(ticket.id);
    const outsider = await t.user('outsider@test.local');
    expect((await send(t, outsider.token, 'post', '/api/helpdesk/areas', { code: 'x', name: 'x' })).status).toBe(403);
    expect((await send(t, outsider.token, 'get', '/api/tickets')).status).toBe(403);
  });
});
