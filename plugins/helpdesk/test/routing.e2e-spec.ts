import type { TestApp } from '../../../test/setup/harness.js';
import { addressBook, area, customer, fileTicket, ok, send, staff, startHelpdeskApp } from './helpdesk-test-kit.js';

describe('routing a new ticket, and why', () => {
  let t: TestApp;
  let book: string;
  let people: Record<string, string>;
  let support: { id: string };
  let vipArea: { id: string };
  let vipDesk: { id: string };
  let vip: { id: string };
  let staffGroup: { id: string };
  let agent: { id: string; token: string };

  const member = (groupId: string, customerId: string) =>
    ok(t, t.adminToken, 'post', '/api/customer-group-memberships', { groupId, customerId });
  const routing = (id: string) => ok(t, t.adminToken, 'get', `/api/tickets/${id}/routing`);

  beforeAll(async () => {
    t = await startHelpdeskApp(['customer-groups'], { 'customer-groups': { timeZone: 'UTC' } });
    book = await addressBook(t, 'Praha');
    people = {};
    for (const name of ['specialist', 'manager', 'vipdesk', 'staffdesk', 'fallback'])
      people[name] = (await t.user(`${name}@test.local`)).id;
    support = await area(t, { code: 'support', isDefault: true, defaultAssigneeUserId: people.fallback });
    vipArea = await area(t, { code: 'vip', name: 'VIP line' });
    agent = await staff(t, 'agent@test.local', [
      ['administrator', support.id],
      ['administrator', vipArea.id],
      ['administrator', book],
    ]);
    vipDesk = await ok(t, t.adminToken, 'post', '/api/user-groups', { name: 'VIP desk' });
    const helpdesk = await ok(t, t.adminToken, 'post', '/api/process-areas', { code: 'helpdesk', name: 'Helpdesk' });
    vip = await ok(t, t.adminToken, 'post', '/api/customer-groups', { code: 'VIP', name: 'VIP', priority: 1 });
    staffGroup = await ok(t, t.adminToken, 'post', '/api/customer-groups', {
      code: 'STAFF',
      name: 'Staff',
      priority: 2,
    });
    await ok(t, t.adminToken, 'post', '/api/customer-group-responsibilities', {
      groupId: vip.id,
      processAreaId: helpdesk.id,
      workerId: people.vipdesk,
      userGroupId: vipDesk.id,
      helpdeskAreaId: vipArea.id,
    });
    await ok(t, t.adminToken, 'post', '/api/customer-group-responsibilities', {
      groupId: staffGroup.id,
      processAreaId: helpdesk.id,
      workerId: people.staffdesk,
    });
  });
  afterAll(() => t?.close());

  it("gives the ticket to the customer's support specialist first, with the groups and the area's default as losers", async () => {
    const c = await customer(t, 'Specialist Co', book);
    const card = await ok(t, t.adminToken, 'get', `/api/customers/${c.id}`);
    await ok(t, t.adminToken, 'patch', `/api/customers/${c.id}`, {
      version: card.version,
      supportSpecialistId: people.specialist,
    });
    await member(vip.id, c.id);
    await member(staffGroup.id, c.id);
    const ticket = await fileTicket(t, agent.token, { subject: 'Specialist', customerId: c.id });
    expect(ticket).toMatchObject({ assigneeUserId: people.specialist, areaId: vipArea.id, visibleGroupId: vipDesk.id });
    const why = await routing(ticket.id);
    expect(why.because).toMatch(/support specialist/);
    expect(why.areaBecause).toMatch(/customer group/);
    expect(why.candidates.map((x: any) => [x.step, x.user?.id ?? null, x.won])).toEqual([
      ['customer-person', people.specialist, true],
      ['customer-group', people.vipdesk, false],
      ['customer-group', people.staffdesk, false],
      ['area-default', null, false],
    ]);
  });

  it("then the customer groups' responsibility by group priority", async () => {
    const c = await customer(t, 'Group Co', book);
    await member(staffGroup.id, c.id);
    await member(vip.id, c.id);
    const ticket = await fileTicket(t, agent.token, { subject: 'Group', customerId: c.id });
    expect(ticket.assigneeUserId).toBe(people.vipdesk);
    const why = await routing(ticket.id);
    expect(why.candidates.filter((x: any) => x.won).map((x: any) => x.source)).toEqual(['VIP (priority 1)']);
    expect(why.candidates[0]).toMatchObject({ step: 'customer-person', user: null, won: false });
  });

  it("then the area's default assignee", async () => {
    const c = await customer(t, 'Plain Co', book);
    const ticket = await fileTicket(t, agent.token, { subject: 'Plain', customerId: c.id });
    expect(ticket).toMatchObject({ assigneeUserId: people.fallback, areaId: support.id, visibleGroupId: null });
    const why = await routing(ticket.id);
    expect(why.candidates.map((x: any) => [x.step, x.won])).toEqual([
      ['customer-person', false],
      ['area-default', true],
    ]);
    expect(why.areaBecause).toMatch(/default area/);
  });

  it('routes to the account manager instead when the settings say so', async () => {
    const settings = await ok(t, t.adminToken, 'get', '/api/settings/helpdesk');
    await ok(t, t.adminToken, 'patch', '/api/settings/helpdesk', {
      version: settings.version,
      routeToCustomerPerson: 'accountManager',
    });
    const c = await customer(t, 'Managed Co', book);
    const card = await ok(t, t.adminToken, 'get', `/api/customers/${c.id}`);
    await ok(t, t.adminToken, 'patch', `/api/customers/${c.id}`, {
      version: card.version,
      accountManagerId: people.manager,
      supportSpecialistId: people.specialist,
    });
    const ticket = await fileTicket(t, agent.token, { subject: 'Managed', customerId: c.id });
    expect(ticket.assigneeUserId).toBe(people.manager);
    expect((await routing(ticket.id)).because).toMatch(/account manager/);
    const now = await ok(t, t.adminToken, 'get', '/api/settings/helpdesk');
    await ok(t, t.adminToken, 'patch', '/api/settings/helpdesk', {
      version: now.version,
      routeToCustomerPerson: 'supportSpecialist',
    });
  });

  it('hides a ticket a group restricted to its user group from other staff of the area', async () => {
    const c = await customer(t, 'Restricted Co', book);
    await member(vip.id, c.id);
    const ticket = await fileTicket(t, agent.token, { subject: 'Restricted', customerId: c.id });
    expect(ticket.visibleGroupId).toBe(vipDesk.id);
    const outside = await staff(t, 'outside@test.local', [
      ['administrator', vipArea.id],
      ['administrator', book],
    ]);
    const inside = await staff(t, 'inside@test.local', [
      ['administrator', vipArea.id],
      ['administrator', book],
    ]);
    await ok(t, t.adminToken, 'post', `/api/user-groups/${vipDesk.id}/members/${inside.id}`, undefined, 204);
    expect((await send(t, outside.token, 'get', `/api/tickets/${ticket.id}`)).status).toBe(404);
    expect((await ok(t, inside.token, 'get', `/api/tickets/${ticket.id}`)).id).toBe(ticket.id);
    expect((await send(t, outside.token, 'get', `/api/tickets/${ticket.id}/routing`)).status).toBe(404);
  });

  it("measures the ticket by its customer group's contract, on the group's default level until assessed", async () => {
    const contract = await ok(t, t.adminToken, 'post', '/api/sla/contracts', {
      name: 'Group gold',
      defaultLevel: 'normal',
      levels: [
        { code: 'critical', name: 'Critical', firstResponseMinutes: 30 },
        { code: 'normal', name: 'Normal', firstResponseMinutes: 240 },
      ],
    });
    const gold = await ok(t, t.adminToken, 'post', '/api/customer-groups', {
      code: 'GOLD',
      name: 'Gold',
      priority: 5,
      slaContractId: contract.id,
      defaultSlaLevel: 'critical',
    });
    const c = await customer(t, 'Gold Co', book);
    await member(gold.id, c.id);
    const ticket = await fileTicket(t, agent.token, { subject: 'Gold', customerId: c.id });
    const sla = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/sla`);
    expect(sla.contract).toMatchObject({ id: contract.id, because: { source: 'group', groupName: 'Gold' } });
    expect(sla.level).toMatchObject({ code: 'critical', source: 'default' });
    const lowered = await ok(t, agent.token, 'patch', `/api/tickets/${ticket.id}`, {
      version: ticket.version,
      severity: 'normal',
    });
    expect(new Date(lowered.slaDueAt).getTime()).toBe(new Date(ticket.createdAt).getTime() + 240 * 60_000);
  });

  it("holds requests of a group's customers when the group's authorisation is mandatory, unless the customer has its own", async () => {
    const careful = await ok(t, t.adminToken, 'post', '/api/customer-groups', {
      code: 'CAREFUL',
      name: 'Careful',
      priority: 7,
    });
    await ok(t, t.adminToken, 'put', `/api/customer-groups/${careful.id}/request-authorisation`, { mode: 'mandatory' });
    expect((await ok(t, t.adminToken, 'get', `/api/customer-groups/${careful.id}/request-authorisation`)).mode).toBe(
      'mandatory',
    );
    const held = await customer(t, 'Careful Co', book);
    const own = await customer(t, 'Own Mind Co', book);
    await member(careful.id, held.id);
    await member(careful.id, own.id);
    await ok(t, t.adminToken, 'put', `/api/customers/${own.id}/request-authorisation`, { mode: 'off' });
    expect(await ok(t, t.adminToken, 'get', `/api/customers/${held.id}/request-authorisation`)).toMatchObject({
      mode: 'mandatory',
      from: 'group',
      group: { code: 'CAREFUL' },
    });
    expect((await fileTicket(t, agent.token, { subject: 'Held by the group', customerId: held.id })).state).toBe(
      'awaiting_authorisation',
    );
    expect((await fileTicket(t, agent.token, { subject: 'Not held', customerId: own.id })).state).toBe('new');
    expect(
      (
        await send(
          t,
          t.adminToken,
          'put',
          '/api/customer-groups/0190a000-0000-7000-8000-000000000000/request-authorisation',
          { mode: 'optional' },
        )
      ).status,
    ).toBe(404);
  });
});
