import { DataSource } from 'typeorm';
import { RequestContext } from '@clientele/core';
import type { TestApp } from '../../../test/setup/harness.js';
import { InvoicesService } from '../invoices/invoices.service.js';
import { billingGroup, contactsReady, customer, issue, startBillingApp } from './billing-test-kit.js';

const line = { description: 'Internet', quantity: 1, unitPriceMinor: 59900 };

describe('invoice number series', () => {
  let t: TestApp;
  let north: { id: string };
  let south: { id: string };
  let northCustomer: { id: string };
  let southCustomer: { id: string };

  beforeAll(async () => {
    t = await startBillingApp();
    await contactsReady(t);
    north = await billingGroup(t, { name: 'Sever s.r.o.', numberPattern: 'S{YYYY}{seq:4}' });
    south = await billingGroup(t, { name: 'Jih s.r.o.', numberPattern: 'J{YY}{MM}{seq:3}' });
    northCustomer = await customer(t, 'Dvořák Jiří');
    southCustomer = await customer(t, 'Иванов Пётр');
    await t
      .http()
      .post(`/api/billing-accounts/${southCustomer.id}/move`)
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ version: 1, groupId: south.id })
      .expect(200);
  });

  afterAll(() => t.close());

  it('numbers each group from its own series and period', async () => {
    const first = await issue(t, { customerId: northCustomer.id, issuedOn: '2026-03-01', lines: [line] });
    const second = await issue(t, { customerId: northCustomer.id, issuedOn: '2026-03-02', lines: [line] });
    const southern = await issue(t, { customerId: southCustomer.id, issuedOn: '2026-03-02', lines: [line] });
    const nextMonth = await issue(t, { customerId: southCustomer.id, issuedOn: '2026-04-01', lines: [line] });
    expect([first.number, second.number]).toEqual(['S20260001', 'S20260002']);
    expect([southern.number, nextMonth.number]).toEqual(['J2603001', 'J2604001']);
    expect(first.groupId).toBe(north.id);
  });

  it('hands 8 parallel issuers distinct numbers with no gap, and a rolled-back issue returns its number', async () => {
    const invoices = t.get(InvoicesService);
    const ctx = RequestContext.system();
    const dto = { customerId: northCustomer.id, issuedOn: '2027-01-10', lines: [line] };
    const rolledBack = t.get(DataSource).transaction(async (m) => {
      await invoices.issue(ctx, dto, m);
      // Hold the series for a moment so the parallel issuers queue behind it, then fail.
      await new Promise((resolve) => setTimeout(resolve, 200));
      throw new Error('printing failed');
    });
    const parallel = Array.from({ length: 8 }, () => invoices.issue(ctx, dto));
    await expect(rolledBack).rejects.toThrow('printing failed');
    const numbers = (await Promise.all(parallel)).map((i) => i.number).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_v, i) => `S2027${String(i + 1).padStart(4, '0')}`));
    const [{ count }] = await t
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM billing_invoices WHERE group_id = $1 AND period = '2027'`, [north.id]);
    expect(count).toBe(8);
  });

  it('refuses a second invoice with a number already used in the group, whatever the counter says', async () => {
    const db = t.get(DataSource);
    await db.query(
      `UPDATE billing_number_counters SET last_value = last_value - 1 WHERE group_id = $1 AND period = '2027'`,
      [north.id],
    );
    const res = await t
      .http()
      .post('/api/invoices')
      .set({ Authorization: `Bearer ${t.adminToken}` })
      .send({ customerId: northCustomer.id, issuedOn: '2027-02-01', lines: [line] });
    expect(res.status).toBe(409);
  });
});
