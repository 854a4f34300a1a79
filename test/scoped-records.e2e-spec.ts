import { DataSource } from 'typeorm';
import { AccessService, RequestContext, ScopeTreeService, ScopedRecords } from '@clientele/core';
import { Consumer, Service } from '@clientele/contacts';
import { contactsBasics, createCustomer, grant } from '../plugins/contacts/test/helpers.js';
import { TestApp, bearer, startTestApp } from './setup/harness.js';

describe('Records placed in the access tree', () => {
  let t: TestApp;
  let scoped: ScopedRecords;
  let tree: ScopeTreeService;
  let customer: { id: string; addressBook: { id: string } };
  const system = RequestContext.system();

  const consumer = (name: string) =>
    scoped.create(Consumer, customer.id, { customerId: customer.id, name, isDefault: false }, system);
  const service = (consumerId: string, name: string) =>
    t.get(DataSource).transaction(async (m) => {
      const [template] = await m.query(`SELECT id FROM contacts_service_templates LIMIT 1`);
      return scoped.create(
        Service,
        consumerId,
        { consumerId, customerId: customer.id, templateId: template.id, name, status: 'active', settings: {} },
        system,
        m,
      );
    });
  const disabled = async (id: string) => (await tree.get(id))!.disabled_at !== null;

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    await contactsBasics(t);
    scoped = t.get(ScopedRecords);
    tree = t.get(ScopeTreeService);
    customer = await createCustomer(t, t.adminToken, { name: 'Tree Ltd' });
  });
  afterAll(() => t.close());

  it('are created with their scope node (node id = record id) under the parent, labelled with the name', async () => {
    const created = await consumer('Branch North');
    expect(await tree.get(created.id)).toEqual(
      expect.objectContaining({ kind: 'consumer', parent_id: customer.id, label: 'Branch North', disabled_at: null }),
    );
    expect((await tree.get(created.id))!.path).toEqual([...(await tree.get(customer.id))!.path, created.id]);
  });

  it('leave neither record nor node behind when the parent is missing, of the wrong kind, or the transaction rolls back', async () => {
    const missing = scoped.create(
      Consumer,
      '01900000-0000-7000-8000-000000000000',
      { customerId: customer.id, name: 'Orphan', isDefault: false },
      system,
    );
    await expect(missing).rejects.toMatchObject({ statusCode: 404 });
    const misplaced = scoped.create(
      Consumer,
      customer.addressBook.id,
      { customerId: customer.id, name: 'Misplaced', isDefault: false },
      system,
    );
    await expect(misplaced).rejects.toMatchObject({ statusCode: 422, code: 'SCOPE_PLACEMENT' });

    let createdId = '';
    await expect(
      t.get(DataSource).transaction(async (m) => {
        createdId = (
          await scoped.create(
            Consumer,
            customer.id,
            { customerId: customer.id, name: 'Rolled back', isDefault: false },
            system,
            m,
          )
        ).id;
        throw new Error('later step fails');
      }),
    ).rejects.toThrow('later step fails');
    expect(createdId).not.toBe('');
    expect(await tree.get(createdId)).toBeUndefined();
    const names = (
      await t.get(DataSource).query(`SELECT name FROM contacts_consumers WHERE customer_id = $1`, [customer.id])
    ).map((r: any) => r.name);
    expect(names).not.toEqual(expect.arrayContaining(['Orphan', 'Misplaced', 'Rolled back']));
  });

  it('relabel their node when renamed, and change nothing on a stale version', async () => {
    const created = await consumer('Old Name');
    const renamed = await scoped.update(Consumer, created.id, created.version, { name: 'New Name' }, system);
    expect((await tree.get(created.id))!.label).toBe('New Name');
    await expect(
      scoped.update(Consumer, created.id, created.version, { name: 'Stale Name' }, system),
    ).rejects.toMatchObject({ statusCode: 409 });
    expect((await tree.get(created.id))!.label).toBe('New Name');
    await scoped.update(Consumer, created.id, renamed.version, { isDefault: false }, system);
    expect((await tree.get(created.id))!.label).toBe('New Name');
  });

  it('disable their whole subtree on soft delete, so grants inside stop applying, and restore enables exactly that', async () => {
    const branch = await consumer('Branch South');
    const alone = await service(branch.id, 'Deleted on its own');
    const kept = await service(branch.id, 'Deleted with the branch');
    await scoped.softDelete(Service, alone.id, system);
    const user = await t.user('south-caller@test.local');
    await grant(t, user.id, 'caller', branch.id);
    const ctx = new RequestContext({
      id: user.id,
      email: 'south-caller@test.local',
      displayName: 'x',
      isMasterAdmin: false,
      homeNodeId: null,
      activated: true,
      preferences: {},
      tokenId: '',
      tokenKind: 'session',
    });
    const access = t.get(AccessService);
    expect(await access.can(ctx, 'contacts.service.read', kept.id)).toBe(true);

    await expect(
      scoped.softDelete(Consumer, branch.id, system, { expectedVersion: branch.version + 5 }),
    ).rejects.toMatchObject({ statusCode: 409 });
    await scoped.softDelete(Consumer, branch.id, system, { expectedVersion: branch.version });
    expect([await disabled(branch.id), await disabled(kept.id), await disabled(alone.id)]).toEqual([true, true, true]);
    expect(await access.can(ctx, 'contacts.service.read', kept.id)).toBe(false);
    await expect(scoped.softDelete(Consumer, branch.id, system)).rejects.toMatchObject({ statusCode: 404 });

    await scoped.restore(Consumer, branch.id, system);
    expect([await disabled(branch.id), await disabled(kept.id), await disabled(alone.id)]).toEqual([
      false,
      false,
      true,
    ]);
    expect(await access.can(ctx, 'contacts.service.read', kept.id)).toBe(true);
    await expect(scoped.restore(Consumer, branch.id, system)).rejects.toMatchObject({
      statusCode: 422,
      code: 'NOT_DELETED',
    });
  });

  it('list live rows by default, and deleted ones with deleted=include or only', async () => {
    const gone = await consumer('Gone Branch');
    await scoped.softDelete(Consumer, gone.id, system);
    const names = async (deleted?: string) => {
      const res = await t
        .http()
        .get(`/api/customers/${customer.id}/consumers`)
        .query(deleted ? { deleted, limit: 500 } : { limit: 500 })
        .set(bearer(t.adminToken));
      expect(res.status).toBe(200);
      return res.body.items.map((c: any) => c.name) as string[];
    };
    expect(await names()).not.toContain('Gone Branch');
    expect(await names('only')).toEqual(['Gone Branch']);
    expect(await names('include')).toEqual(expect.arrayContaining(['Gone Branch', 'Tree Ltd', 'Branch South']));
  });
});
