import { DataSource } from 'typeorm';
import { RetentionService } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer } from './helpers.js';

describe('customer numbers', () => {
  let t: TestApp;
  let bookId: string;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    ({
      addressBooks: [{ id: bookId }],
    } = await contactsBasics(t));
  });
  afterAll(() => t?.close());

  it('never gives a purged customer’s number again, automatically or on request', async () => {
    const admin = bearer(t.adminToken);
    const gone = await createCustomer(t, t.adminToken, { name: 'Soon Purged s.r.o.', addressBookId: bookId });
    expect((await t.http().delete(`/api/customers/${gone.id}`).set(admin)).status).toBe(204);
    await t
      .get(DataSource)
      .query(`UPDATE contacts_customers SET deleted_at = now() - interval '13 months' WHERE id = $1`, [gone.id]);
    const purged = await t.get(RetentionService).purge();
    expect(purged).toMatchObject({ customer: 1 });
    expect((await t.get(DataSource).query(`SELECT 1 FROM contacts_customers WHERE id = $1`, [gone.id])).length).toBe(0);

    const next = await createCustomer(t, t.adminToken, { name: 'Next s.r.o.', addressBookId: bookId });
    expect(next.number).not.toBe(gone.number);
    const reused = await t
      .http()
      .post('/api/customers')
      .set(admin)
      .send({ name: 'Wants Old Number', addressBookId: bookId, number: gone.number });
    expect(reused.status).toBe(409);
  });
});
