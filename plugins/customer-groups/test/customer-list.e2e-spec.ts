import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/setup/harness.js';
import { addMember, day, grant, group, ok, send, startGroupsApp, world } from './groups-test-kit.js';

async function finished(t: TestApp, token: string, jobId: string) {
  for (let i = 0; i < 200; i++) {
    const job = await ok(t, token, 'get', `/api/jobs/${jobId}`);
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the job did not finish');
}

describe('groups on the customer list', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof world>>;

  beforeAll(async () => {
    t = await startGroupsApp();
    w = await world(t);
  });
  afterAll(() => t?.close());

  it("filters the customer list by group (today's members) and shows a Groups column", async () => {
    const vip = await group(t, { code: 'LIST-VIP', name: 'VIP', priority: 1 });
    const later = await group(t, { code: 'LIST-LATER', priority: 2 });
    const [a, b, c] = [
      await w.customer('Alfa', w.praha),
      await w.customer('Beta', w.praha),
      await w.customer('Gama', w.praha),
    ];
    await addMember(t, vip.id, a);
    await addMember(t, vip.id, b);
    await addMember(t, later.id, c, { validFrom: day(1) });
    const filtered = await ok(t, t.adminToken, 'get', `/api/customers?filter[group]=${vip.id}`);
    expect(filtered.items.map((x: any) => x.name)).toEqual(['Alfa', 'Beta']);
    expect(filtered.total).toBe(2);
    expect(filtered.items[0].groups).toEqual([{ id: vip.id, code: 'LIST-VIP', name: 'VIP', colour: null }]);
    expect((await ok(t, t.adminToken, 'get', `/api/customers?filter[group]=${later.id}`)).total).toBe(0);
    const either = await ok(
      t,
      t.adminToken,
      'get',
      `/api/customers?filter[group]=${vip.id}&filter[group]=${later.id}&q=gama`,
    );
    expect(either.total).toBe(0);
    const gama = await ok(t, t.adminToken, 'get', '/api/customers?q=gama');
    expect(gama.items[0].groups).toEqual([]);
  });

  it('refuses a filter by a group the caller may not see, like one that does not exist', async () => {
    const secret = await group(t, { code: 'LIST-SECRET', priority: 3 });
    const clerk = await t.user('list.clerk@test.local');
    await grant(t, clerk.id, 'administrator', w.praha.id);
    const hidden = await send(t, clerk.token, 'get', `/api/customers?filter[group]=${secret.id}`);
    const missing = await send(
      t,
      clerk.token,
      'get',
      '/api/customers?filter[group]=0190f0f0-0000-7000-8000-00000000beef',
    );
    expect(hidden.status).toBe(400);
    expect(hidden.body).toEqual(missing.body);
    expect(hidden.body.details[0]).toMatchObject({ field: 'filter[group]', code: 'UNKNOWN_GROUP' });
    expect((await send(t, clerk.token, 'get', '/api/customers?filter[group]=nope')).status).toBe(400);
  });

  it('adds in bulk every customer the contacts filter shows the caller, as a job with progress, and removes them again', async () => {
    const bulk = await group(t, { code: 'BULK', priority: 4 });
    const state = 'bulk-book';
    const book = await ok(t, t.adminToken, 'post', '/api/address-books', { name: state });
    const names = Array.from({ length: 7 }, (_v, i) => `Bulk ${i}`);
    for (const name of names) await w.customer(name, book);
    const already = await w.customer('Bulk already', book);
    await addMember(t, bulk.id, already);
    const hiddenBook = await w.customer('Bulk hidden', w.brno);

    const manager = await t.user('bulk.manager@test.local');
    await grant(t, manager.id, 'customer_group_manager', bulk.id);
    await grant(t, manager.id, 'administrator', book.id);
    const started = await send(t, manager.token, 'post', `/api/customer-groups/${bulk.id}/members/bulk`, {
      action: 'add',
      filter: { addressBook: book.id },
    });
    expect(started.status).toBe(202);
    const job = await finished(t, manager.token, started.body.jobId);
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: 8,
      total: 8,
      result: { added: 7, skipped: 1, ended: 0, removed: 0 },
    });
    const members = await ok(t, t.adminToken, 'get', `/api/customer-groups/${bulk.id}/members?limit=500`);
    expect(members.total).toBe(8);
    expect(members.items.map((m: any) => m.customerId)).not.toContain(hiddenBook);

    const removal = await send(t, manager.token, 'post', `/api/customer-groups/${bulk.id}/members/bulk`, {
      action: 'remove',
      q: 'Bulk 1',
    });
    expect(removal.status).toBe(202);
    expect((await finished(t, manager.token, removal.body.jobId)).result).toMatchObject({ ended: 1, removed: 0 });
    expect((await ok(t, t.adminToken, 'get', `/api/customer-groups/${bulk.id}/members`)).total).toBe(7);
    expect((await ok(t, t.adminToken, 'get', `/api/customer-groups/${bulk.id}/members?asOf=${day(-1)}`)).total).toBe(8);

    const told: { payload: unknown }[] = await t
      .get(DataSource)
      .query(
        `SELECT payload FROM event_outbox WHERE type = 'customer_group.members_changed_in_bulk' AND payload->>'groupId' = $1 ORDER BY sequence`,
        [bulk.id],
      );
    expect(told.map((e) => e.payload)).toEqual([
      { groupId: bulk.id, jobId: started.body.jobId, added: 7, skipped: 1, ended: 0, removed: 0 },
      { groupId: bulk.id, jobId: removal.body.jobId, added: 0, skipped: 0, ended: 1, removed: 0 },
    ]);

    const bad = await send(t, manager.token, 'post', `/api/customer-groups/${bulk.id}/members/bulk`, {
      action: 'add',
      filter: { nonsense: 'x' },
    });
    expect(bad.status).toBe(400);
    const typo = await send(t, manager.token, 'post', `/api/customer-groups/${bulk.id}/members/bulk`, {
      action: 'add',
      q: 'Bulkk',
    });
    expect(typo.status).toBe(422);
    expect(typo.body.code).toBe('NO_EXACT_MATCH');
  });
});
