import { DataSource } from 'typeorm';
import { TemplateVariables, actingAs } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant } from '../../contacts/test/helpers.js';

describe("a customer's template values for many customers at once, with billing enabled", () => {
  let t: TestApp;
  let db: DataSource;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'billing-groups', 'templates'] });
    db = t.app.get(DataSource);
    const { addressBooks } = await contactsBasics(t);
    const admin = bearer(t.adminToken);
    const group = await t.http().post('/api/billing-groups').set(admin).send({ name: 'Síť Šumperk s.r.o.' });
    expect(group.status).toBe(201);
    for (const name of ['Adam Účet', 'Bára Účet', 'Cyril Účet']) {
      ids.push((await createCustomer(t, t.adminToken, { name, addressBookId: addressBooks[0].id })).id);
    }
  });
  afterAll(() => t?.close());

  it('gives each customer the same values, billing included, as asking for each one', async () => {
    const clerk = await t.user('billing-values-clerk@test.local');
    await grant(t, clerk.id, 'administrator', ids[1]);
    const [{ id: adminId }] = await db.query(`SELECT id FROM users WHERE email = 'admin@test.local'`);
    const variables = t.app.get(TemplateVariables);
    for (const ctx of [await actingAs(db, adminId), await actingAs(db, clerk.id)]) {
      const many = await variables.manyValues('customer', ids, ctx);
      const one = new Map();
      for (const id of ids) {
        const values = await variables.values('customer', id, ctx).catch(() => null);
        if (values) one.set(id, values);
      }
      expect(many).toEqual(one);
    }
    const all = await variables.manyValues('customer', ids, await actingAs(db, adminId));
    expect(all.size).toBe(3);
    expect((all.get(ids[0]) as any).billing).toMatchObject({ group: 'Síť Šumperk s.r.o.', balanceMinor: 0 });
  });
});
