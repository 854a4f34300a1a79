import { DataSource } from 'typeorm';
import { RetentionService } from '@clientele/core';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { addMember, day, grant, group, ok, send, startGroupsApp, world } from './groups-test-kit.js';

describe('customer groups and their members', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof world>>;

  beforeAll(async () => {
    t = await startGroupsApp();
    w = await world(t);
  });
  afterAll(() => t?.close());

  it('lists groups in priority order, never name order', async () => {
    await group(t, { code: 'ZZ-FIRST', name: 'Zebra first', priority: 1 });
    await group(t, { code: 'AA-LAST', name: 'Aardvark last', priority: 90 });
    const list = await ok(t, t.adminToken, 'get', '/api/customer-groups?q=first');
    expect(list.items.map((g: any) => g.code)).toEqual(['ZZ-FIRST']);
    const all = await ok(t, t.adminToken, 'get', '/api/customer-groups');
    const codes = all.items.map((g: any) => g.code);
    expect(codes.indexOf('ZZ-FIRST')).toBeLessThan(codes.indexOf('AA-LAST'));
  });

  it('refuses a second live group with the same code (409 naming the field) and bad input with 400', async () => {
    await group(t, { code: 'DUP', priority: 5 });
    const again = await send(t, t.adminToken, 'post', '/api/customer-groups', {
      code: 'dup',
      name: 'Again',
      priority: 6,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'GROUP_CODE_TAKEN', details: [{ field: 'code' }] });
    for (const [body, field] of [
      [{ code: 'X1', name: 'x' }, 'priority'],
      [{ code: 'X2', name: 'x', priority: 1, colour: 'red' }, 'colour'],
      [{ code: 'has space', name: 'x', priority: 1 }, 'code'],
      [{ code: 'X3', name: 'x', priority: 1.5 }, 'priority'],
      [{ code: 'X4', name: 'x', priority: 1, slaContractId: '0190f0f0-0000-7000-8000-000000000000' }, 'slaContractId'],
    ] as const) {
      const res = await send(t, t.adminToken, 'post', '/api/customer-groups', body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: any) => d.field)).toContain(field);
    }
  });

  it('keeps every change of a group in history and answers a stale version with 409', async () => {
    const g = await group(t, { code: 'HIST', priority: 7 });
    const changed = await ok(t, t.adminToken, 'patch', `/api/customer-groups/${g.id}`, {
      version: g.version,
      name: 'Historic',
      colour: '#aa0000',
    });
    expect(changed).toMatchObject({ name: 'Historic', colour: '#aa0000', version: g.version + 1 });
    const stale = await send(t, t.adminToken, 'patch', `/api/customer-groups/${g.id}`, {
      version: g.version,
      name: 'Late',
    });
    expect(stale.status).toBe(409);
    const history = await ok(t, t.adminToken, 'get', `/api/customer-groups/${g.id}/history`);
    expect(history.items.map((h: any) => h.action)).toEqual(['update', 'create']);
    expect(history.items[0].changes.name).toEqual({ before: 'HIST', after: 'Historic' });
  });

  it('soft-deletes a group and restores it', async () => {
    const g = await group(t, { code: 'GONE', priority: 8 });
    expect((await send(t, t.adminToken, 'delete', `/api/customer-groups/${g.id}`)).status).toBe(204);
    expect((await send(t, t.adminToken, 'get', `/api/customer-groups/${g.id}`)).status).toBe(404);
    const deleted = await ok(t, t.adminToken, 'get', '/api/customer-groups?deleted=only');
    expect(deleted.items.map((x: any) => x.id)).toContain(g.id);
    const restored = await ok(t, t.adminToken, 'post', `/api/customer-groups/${g.id}/restore`, {}, 200);
    expect(restored.deletedAt).toBeNull();
  });

  it('puts a customer in several groups, each membership with its own days', async () => {
    const vip = await group(t, { code: 'VIP-A', priority: 10 });
    const staff = await group(t, { code: 'STAFF-A', priority: 20 });
    const c = await w.customer('Novák Jan', w.praha);
    await addMember(t, vip.id, c);
    await addMember(t, staff.id, c, { validFrom: day(-30), validTo: day(30) });
    const groups = await ok(t, t.adminToken, 'get', `/api/customers/${c}/groups`);
    expect(groups.items.map((m: any) => m.group.code).sort()).toEqual(['STAFF-A', 'VIP-A']);
    expect(groups.items.every((m: any) => m.current)).toBe(true);
  });

  it('stores a membership that starts tomorrow now and applies it from then ("as of" answers any day)', async () => {
    const g = await group(t, { code: 'TOMORROW', priority: 11 });
    const c = await w.customer('Dvořák Petr', w.praha);
    await addMember(t, g.id, c, { validFrom: day(1) });
    const today = await ok(t, t.adminToken, 'get', `/api/customer-groups/${g.id}/members`);
    expect(today.total).toBe(0);
    const tomorrow = await ok(t, t.adminToken, 'get', `/api/customer-groups/${g.id}/members?asOf=${day(1)}`);
    expect(tomorrow.items.map((m: any) => m.customerId)).toEqual([c]);
    expect(tomorrow.items[0]).toMatchObject({
      customerName: 'Dvořák Petr',
      validFrom: day(1),
      validTo: null,
      current: true,
    });
    const all = await ok(t, t.adminToken, 'get', `/api/customer-groups/${g.id}/members?all=true`);
    expect(all.items[0].current).toBe(false);
  });

  it('treats valid-to as the first day no longer a member', async () => {
    const g = await group(t, { code: 'ENDING', priority: 12 });
    const c = await w.customer('Svoboda Karel', w.praha);
    await addMember(t, g.id, c, { validFrom: day(-10), validTo: day(0) });
    expect((await ok(t, t.adminToken, 'get', `/api/customer-groups/${g.id}/members?asOf=${day(-1)}`)).total).toBe(1);
    expect((await ok(t, t.adminToken, 'get', `/api/customer-groups/${g.id}/members`)).total).toBe(0);
  });

  it('refuses overlapping days of the same customer in the same group, and reversed dates', async () => {
    const g = await group(t, { code: 'OVERLAP', priority: 13 });
    const c = await w.customer('Černý Tomáš', w.praha);
    await addMember(t, g.id, c, { validFrom: day(0), validTo: day(10) });
    const overlap = await send(t, t.adminToken, 'post', '/api/customer-group-memberships', {
      groupId: g.id,
      customerId: c,
      validFrom: day(5),
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.code).toBe('MEMBERSHIP_OVERLAPS');
    await addMember(t, g.id, c, { validFrom: day(10) });
    const reversed = await send(t, t.adminToken, 'post', '/api/customer-group-memberships', {
      groupId: g.id,
      customerId: c,
      validFrom: day(50),
      validTo: day(40),
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.details[0]).toMatchObject({ field: 'validTo', code: 'ENDS_BEFORE_START' });
    const badDay = await send(t, t.adminToken, 'post', '/api/customer-group-memberships', {
      groupId: g.id,
      customerId: c,
      validFrom: '2026-02-30',
    });
    expect(badDay.status).toBe(400);
    expect(badDay.body.details[0].field).toBe('validFrom');
  });

  it('ends, changes and removes memberships with history kept and events published', async () => {
    const g = await group(t, { code: 'EVENTS', priority: 14 });
    const c = await w.customer('Procházka Eva', w.praha);
    const m = await addMember(t, g.id, c);
    const ended = await ok(t, t.adminToken, 'patch', `/api/customer-group-memberships/${m.id}`, {
      version: m.version,
      validTo: day(3),
    });
    expect(ended.validTo).toBe(day(3));
    expect((await send(t, t.adminToken, 'delete', `/api/customer-group-memberships/${m.id}`)).status).toBe(204);
    const history = await ok(t, t.adminToken, 'get', `/api/customer-group-memberships/${m.id}/history`);
    expect(history.items.map((h: any) => h.action)).toEqual(['delete', 'update', 'create']);
    const events: { type: string; payload: any }[] = await t
      .get(DataSource)
      .query(
        `SELECT type, payload FROM event_outbox WHERE type LIKE 'customer_group.%' AND payload->>'membershipId' = $1 ORDER BY sequence`,
        [m.id],
      );
    expect(events.map((e) => e.type)).toEqual([
      'customer_group.member_added',
      'customer_group.membership_changed',
      'customer_group.member_removed',
    ]);
    expect(events[0].payload).toEqual({
      membershipId: m.id,
      groupId: g.id,
      customerId: c,
      validFrom: null,
      validTo: null,
    });
  });

  it("lets core's retention purge a group deleted long ago, its memberships with it", async () => {
    const g = await group(t, { code: 'PURGED', priority: 15 });
    await addMember(t, g.id, await w.customer('Starý Člen', w.praha));
    expect((await send(t, t.adminToken, 'delete', `/api/customer-groups/${g.id}`)).status).toBe(204);
    const db = t.get(DataSource);
    await db.query(`UPDATE customer_groups SET deleted_at = now() - interval '13 months' WHERE id = $1`, [g.id]);
    const purged = await t.get(RetentionService).purge();
    expect(purged.customer_group).toBe(1);
    expect(await db.query(`SELECT 1 FROM customer_group_memberships WHERE group_id = $1`, [g.id])).toEqual([]);
  });

  describe('a group is not an address book', () => {
    it('shows a group manager neither the members nor the count of customers in a book they may not read', async () => {
      const g = await group(t, { code: 'MIXED', priority: 30 });
      const inPraha = await w.customer('Veselý Adam', w.praha);
      const inBrno = [await w.customer('Malý Ivo', w.brno), await w.customer('Velký Ota', w.brno)];
      for (const c of [inPraha, ...inBrno]) await addMember(t, g.id, c);
      const manager = await t.user('group.manager@test.local');
      await grant(t, manager.id, 'customer_group_manager', g.id);
      await grant(t, manager.id, 'administrator', w.praha.id);

      const seen = await ok(t, manager.token, 'get', `/api/customer-groups/${g.id}/members`);
      expect(seen.items.map((m: any) => m.customerId)).toEqual([inPraha]);
      expect(seen.total).toBe(1);
      const everyDay = await ok(t, manager.token, 'get', `/api/customer-groups/${g.id}/members?all=true&limit=1`);
      expect(everyDay.total).toBe(1);
      expect(everyDay.nextCursor).toBeNull();

      // Nor does adding a customer of that book work, or reveal it exists.
      const other = await w.customer('Skrytý Jan', w.brno);
      const add = await send(t, manager.token, 'post', '/api/customer-group-memberships', {
        groupId: g.id,
        customerId: other,
      });
      expect(add.status).toBe(400);
      expect(add.body.details[0]).toMatchObject({ field: 'customerId', code: 'UNKNOWN_CUSTOMER' });
      const missing = await send(t, manager.token, 'post', '/api/customer-group-memberships', {
        groupId: g.id,
        customerId: '0190f0f0-0000-7000-8000-00000000beef',
      });
      expect(missing.body).toEqual(add.body);
      // Nor the customer's card through the group.
      expect((await send(t, manager.token, 'get', `/api/customers/${inBrno[0]}`)).status).toBe(404);
      expect((await send(t, manager.token, 'get', `/api/customers/${inBrno[0]}/groups`)).status).toBe(404);
    });

    it('lets one who may only see a group list it but not change it (403), and hides other groups (404)', async () => {
      const seen = await group(t, { code: 'SEEN', priority: 31 });
      const hidden = await group(t, { code: 'HIDDEN', priority: 32 });
      const viewer = await t.user('group.viewer@test.local');
      await t
        .http()
        .post('/api/roles')
        .set(bearer(t.adminToken))
        .send({ code: 'group_viewer', name: 'Group viewer', permissions: ['customer-groups.group.read'] })
        .then(async (role) => {
          if (role.status !== 201) throw new Error(JSON.stringify(role.body));
          const res = await t
            .http()
            .post('/api/grants')
            .set(bearer(t.adminToken))
            .send({ userId: viewer.id, roleId: role.body.id, nodeId: seen.id });
          if (res.status !== 201) throw new Error(JSON.stringify(res.body));
        });
      const list = await ok(t, viewer.token, 'get', '/api/customer-groups');
      expect(list.items.map((g: any) => g.code)).toEqual(['SEEN']);
      expect(
        (await send(t, viewer.token, 'patch', `/api/customer-groups/${seen.id}`, { version: 1, name: 'x' })).status,
      ).toBe(403);
      expect((await send(t, viewer.token, 'get', `/api/customer-groups/${hidden.id}`)).status).toBe(404);
      expect(
        (await send(t, viewer.token, 'patch', `/api/customer-groups/${hidden.id}`, { version: 1, name: 'x' })).status,
      ).toBe(404);
    });
  });
});
