import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { DataSource } from 'typeorm';
import { newId } from '@clientele/core';
import { SlaClocks } from '@clientele/sla';
import { SlaDemoData } from '../../../../plugins/sla/demo-data.js';
import { contactsBasics, createCustomer } from '../../../../plugins/contacts/test/helpers.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir } from './browser.js';

describeInBrowser(
  'admin UI of SLA: calendars as a week, contracts with their levels and the deadlines a ticket would get',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let page: Page;
    let calendars: { id: string; name: string }[];
    let contract: { id: string };
    let customer: { id: string };

    beforeAll(async () => {
      t = await startTestApp({ plugins: ['contacts', 'sla'] });
      await contactsBasics(t);
      customer = await createCustomer(t, t.adminToken, { name: 'Novák Petr', city: 'Brno' });
      await t.get(SlaDemoData).seed();
      calendars = (await t.http().get('/api/sla/calendars').set(bearer(t.adminToken))).body.items;
      contract = (await t.http().get('/api/sla/contracts').set(bearer(t.adminToken))).body.items[0];
      ({ base, browser, page } = await openAdmin(t));
    });
    afterAll(() => closeAdmin(browser, t));

    it('lists calendars as a week: one column per day with its windows', async () => {
      await page.goto(`${base}/admin/r/sla-calendars`);
      const office = page.locator('tbody tr', { hasText: 'Prague office hours' });
      const cells = await office.locator('td').allTextContents();
      expect(cells.map((c) => c.trim())).toEqual(expect.arrayContaining(['Europe/Prague', '08:00 12:00, 13:00 17:00']));
      expect(cells.filter((c) => c.includes('08:00 12:00, 13:00 17:00'))).toHaveLength(5);
      await page.screenshot({ path: join(screenshotDir, 'sla-calendars.png'), fullPage: true });
    });

    it("edits a day's windows row by row, and keeps the change in history", async () => {
      const office = calendars.find((c) => c.name === 'Prague office hours')!;
      await page.goto(`${base}/admin/r/sla-calendars/${office.id}/edit`);
      await page.screenshot({ path: join(screenshotDir, 'sla-calendar-form.png'), fullPage: true });
      await page.locator('#field-name').fill('Prague office');
      await page.getByRole('button', { name: 'Save' }).click();
      const saved = await t.http().get(`/api/sla/calendars/${office.id}`).set(bearer(t.adminToken));
      expect(saved.body).toMatchObject({ name: 'Prague office', version: 2 });
      expect(saved.body.week.mon).toEqual([
        { from: '08:00', to: '12:00' },
        { from: '13:00', to: '17:00' },
      ]);
    });

    it("shows a contract's levels with their targets, and what a ticket coming in now would be promised", async () => {
      await page.goto(`${base}/admin/r/sla-contracts/${contract.id}?tab=sla-levels`);
      const levels = page.locator('.tab-body tbody tr');
      expect(await levels.count()).toBe(4);
      expect(await levels.nth(0).textContent()).toContain('Critical');
      await page.screenshot({ path: join(screenshotDir, 'sla-contract-levels.png'), fullPage: true });
      await page.goto(`${base}/admin/r/sla-contracts/${contract.id}?tab=sla-deadlines`);
      const rows = page.locator('.tab-body tbody tr');
      expect(await rows.count()).toBe(12);
      expect(await rows.nth(0).textContent()).toContain('Critical');
      await page.screenshot({ path: join(screenshotDir, 'sla-contract-deadlines.png'), fullPage: true });
    });

    it("changes a contract's warning thresholds and pausing states in its form", async () => {
      await page.goto(`${base}/admin/r/sla-contracts/${contract.id}/edit`);
      await page.locator('#field-warningPercents').fill('[50, 80]');
      await page.locator('#field-pauses').fill('[{"state": "waiting for customer", "clocks": ["resolution"]}]');
      await page.getByRole('button', { name: 'Save' }).click();
      const saved = (await t.http().get(`/api/sla/contracts/${contract.id}`).set(bearer(t.adminToken))).body;
      expect(saved).toMatchObject({
        warningPercents: [50, 80],
        pauses: [{ state: 'waiting for customer', clocks: ['resolution'] }],
      });
    });

    it('lists the clocks about to breach, soonest first, with their state as a badge', async () => {
      const now = Date.now();
      const histories = [45, 5].map((minutesAgo) => ({
        id: newId(),
        nodeId: customer.id,
        events: [
          { type: 'created' as const, at: new Date(now - minutesAgo * 60_000) },
          { type: 'level' as const, at: new Date(now), level: 'critical' },
        ],
      }));
      await t.get(DataSource).transaction((m) => t.get(SlaClocks).track(m, 'ticket', histories));
      await page.goto(`${base}/admin/r/sla-clocks`);
      const rows = page.locator('tbody tr');
      expect(await rows.count()).toBe(4);
      expect(await rows.nth(0).textContent()).toContain('Breached');
      expect(await rows.nth(0).textContent()).toContain('First response');
      expect(await rows.nth(1).textContent()).toContain('Running');
      await page.screenshot({ path: join(screenshotDir, 'sla-clocks.png'), fullPage: true });
    });

    it("puts a contract on a customer from the customer's SLA contract tab", async () => {
      await page.goto(`${base}/admin/r/customers/${customer.id}?tab=sla-contract`);
      await page.getByText('New SLA contract of a record').click();
      await page.getByLabel(/^Contract/).selectOption({ label: 'Standard support' });
      await page.screenshot({ path: join(screenshotDir, 'sla-customer-contract.png'), fullPage: true });
      await page.getByRole('button', { name: 'Create' }).click();
      expect(await page.locator('.tab-body tbody tr').first().textContent()).toContain('Standard support');
      const listed = await t.http().get(`/api/sla/assignments?filter[nodeId]=${customer.id}`).set(bearer(t.adminToken));
      expect(listed.body.items).toMatchObject([{ nodeId: customer.id, contractId: contract.id }]);
    });
  },
);
