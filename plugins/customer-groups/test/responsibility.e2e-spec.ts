import type { TestApp } from '../../../test/setup/harness.js';
import { addMember, day, grant, group, ok, send, startGroupsApp, world } from './groups-test-kit.js';

describe('who is responsible, and why', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof world>>;
  let people: Record<string, string>;
  let helpdesk: any;
  let sales: any;

  beforeAll(async () => {
    t = await startGroupsApp();
    w = await world(t);
    people = {};
    for (const name of ['specialist', 'vipdesk', 'staffdesk', 'fallback', 'manager'])
      people[name] = (await t.user(`${name}@test.local`)).id;
    helpdesk = await ok(t, t.adminToken, 'post', '/api/process-areas', {
      code: 'helpdesk',
      name: 'Helpdesk',
      ownPerson: 'supportSpecialist',
      defaultWorkerId: people.fallback,
    });
    sales = await ok(t, t.adminToken, 'post', '/api/process-areas', {
      code: 'sales',
      name: 'Sales',
      ownPerson: 'accountManager',
    });
  });
  afterAll(() => t?.close());

  it("answers the customer's own support specialist first, then groups by priority, then the area's default, with every loser", async () => {
    const vip = await group(t, { code: 'R-VIP', priority: 1 });
    const staff = await group(t, { code: 'R-STAFF', priority: 2 });
    const userGroup = await ok(t, t.adminToken, 'post', '/api/user-groups', { name: 'VIP desk' });
    await ok(t, t.adminToken, 'post', '/api/customer-group-responsibilities', {
      groupId: staff.id,
      processAreaId: helpdesk.id,
      workerId: people.staffdesk,
    });
    await ok(t, t.adminToken, 'post', '/api/customer-group-responsibilities', {
      groupId: vip.id,
      processAreaId: helpdesk.id,
      workerId: people.vipdesk,
      userGroupId: userGroup.id,
      helpdeskAreaId: '0190f0f0-0000-7000-8000-0000000000aa',
    });
    const customer = await ok(t, t.adminToken, 'post', '/api/customers', {
      name: 'Responsible Co',
      addressBookId: w.praha.id,
      supportSpecialistId: people.specialist,
    });
    await addMember(t, vip.id, customer.id);
    await addMember(t, staff.id, customer.id);

    const own = await ok(t, t.adminToken, 'get', `/api/customers/${customer.id}/responsibility?area=helpdesk`);
    expect(own.responsible).toMatchObject({ kind: 'own-person', worker: { id: people.specialist } });
    expect(own.candidates.map((c: any) => [c.kind, c.group?.code ?? null, c.lostBecause.code])).toEqual([
      ['group', 'R-VIP', 'OWN_PERSON_FIRST'],
      ['group', 'R-STAFF', 'OWN_PERSON_FIRST'],
      ['area-default', null, 'OWN_PERSON_FIRST'],
    ]);
    expect(own.visibleTo).toMatchObject({ userGroup: { id: userGroup.id, name: 'VIP desk' }, fromGroup: 'R-VIP' });
    expect(own.helpdeskArea).toEqual({ id: '0190f0f0-0000-7000-8000-0000000000aa', fromGroup: 'R-VIP' });

    await ok(t, t.adminToken, 'patch', `/api/customers/${customer.id}`, {
      version: customer.version,
      supportSpecialistId: null,
    });
    const byGroup = await ok(t, t.adminToken, 'get', `/api/customers/${customer.id}/responsibility?area=helpdesk`);
    expect(byGroup.responsible).toMatchObject({
      kind: 'group',
      worker: { id: people.vipdesk },
      group: { code: 'R-VIP' },
    });
    expect(byGroup.candidates.map((c: any) => c.lostBecause.code)).toEqual([
      'NO_ONE_NAMED',
      'HIGHER_GROUP_PRIORITY',
      'GROUP_FIRST',
    ]);
  });

  it("falls back to the area's default, and only groups the customer is in on the day count", async () => {
    const later = await group(t, { code: 'R-LATER', priority: 3 });
    await ok(t, t.adminToken, 'post', '/api/customer-group-responsibilities', {
      groupId: later.id,
      processAreaId: helpdesk.id,
      workerId: people.staffdesk,
    });
    const c = await w.customer('Default Co', w.praha);
    await addMember(t, later.id, c, { validFrom: day(1) });
    const today = await ok(t, t.adminToken, 'get', `/api/customers/${c}/responsibility?area=helpdesk`);
    expect(today.responsible).toMatchObject({ kind: 'area-default', worker: { id: people.fallback } });
    expect(today.helpdeskArea).toEqual({ id: null, reason: expect.stringMatching(/default area/) });
    const tomorrow = await ok(
      t,
      t.adminToken,
      'get',
      `/api/customers/${c}/responsibility?area=helpdesk&date=${day(1)}`,
    );
    expect(tomorrow.responsible).toMatchObject({ kind: 'group', group: { code: 'R-LATER' } });
    const nobody = await ok(t, t.adminToken, 'get', `/api/customers/${c}/responsibility?area=sales`);
    expect(nobody.responsible).toBeNull();
    expect(nobody.candidates.map((x: any) => x.lostBecause.code)).toEqual(['NO_ONE_NAMED', 'NO_ONE_NAMED']);
  });

  it('refuses a second responsibility of a group in one area, a helpdesk queue outside helpdesk, and unknown areas', async () => {
    const g = await group(t, { code: 'R-ONE', priority: 4 });
    await ok(t, t.adminToken, 'post', '/api/customer-group-responsibilities', {
      groupId: g.id,
      processAreaId: sales.id,
      workerId: people.manager,
    });
    const again = await send(t, t.adminToken, 'post', '/api/customer-group-responsibilities', {
      groupId: g.id,
      processAreaId: sales.id,
      workerId: people.staffdesk,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('AREA_ALREADY_SET');
    const g2 = await group(t, { code: 'R-TWO', priority: 5 });
    const queue = await send(t, t.adminToken, 'post', '/api/customer-group-responsibilities', {
      groupId: g2.id,
      processAreaId: sales.id,
      workerId: people.manager,
      helpdeskAreaId: '0190f0f0-0000-7000-8000-0000000000aa',
    });
    expect(queue.status).toBe(400);
    expect(queue.body.details[0]).toMatchObject({ field: 'helpdeskAreaId', code: 'NOT_HELPDESK' });
    const c = await w.customer('Asking Co', w.praha);
    const unknown = await send(t, t.adminToken, 'get', `/api/customers/${c}/responsibility?area=nowhere`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toMatchObject({ field: 'area', code: 'UNKNOWN_PROCESS_AREA' });
  });

  it("pages a customer's answers for every process area by area code, like any list", async () => {
    const c = await w.customer('Paged Co', w.praha);
    const areas = await ok(t, t.adminToken, 'get', '/api/process-areas?limit=500');
    expect(areas.items.length).toBeGreaterThan(1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await ok(
        t,
        t.adminToken,
        'get',
        `/api/customers/${c}/responsibilities?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items).toHaveLength(1);
      expect(page.total).toBe(areas.items.length);
      seen.push(page.items[0].area.code);
      cursor = page.nextCursor;
    } while (cursor && seen.length <= areas.items.length);
    expect(seen).toEqual(areas.items.map((a: { code: string }) => a.code));
    const tooMany = await send(t, t.adminToken, 'get', `/api/customers/${c}/responsibilities?limit=501`);
    expect(tooMany.status).toBe(400);
  });

  it('answers 404 for a customer the caller may not read', async () => {
    const c = await w.customer('Hidden Co', w.brno);
    const clerk = await t.user('responsibility.clerk@test.local');
    await grant(t, clerk.id, 'administrator', w.praha.id);
    expect((await send(t, clerk.token, 'get', `/api/customers/${c}/responsibility?area=helpdesk`)).status).toBe(404);
    const mine = await w.customer('Visible Co', w.praha);
    expect((await send(t, clerk.token, 'get', `/api/customers/${mine}/responsibility?area=helpdesk`)).status).toBe(200);
  });
});
