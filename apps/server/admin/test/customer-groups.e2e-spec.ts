import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN, bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { CustomerGroupsDemoData } from '../../../../plugins/customer-groups/demo-data.js';
import { contactsBasics, createCustomer } from '../../../../plugins/contacts/test/helpers.js';
import { describeInBrowser, listen, openBrowser, screenshotDir, signIn, type Browser } from './browser.js';

describeInBrowser(
  'admin UI of customer groups: members, prices and responsibility with their why, from metadata only',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let page: Page;
    let customers: { id: string; name: string }[];
    let vip: { id: string };

    beforeAll(async () => {
      t = await startTestApp({ plugins: ['contacts', 'customer-groups'] });
      await contactsBasics(t);
      customers = [];
      for (const name of [
        'Dvořák Jan',
        'Pekárna Šťastný s.r.o.',
        'Kováčová Zuzana',
        'Horská chata Ľubochňa',
        'Novák Petr',
      ]) {
        customers.push(await createCustomer(t, t.adminToken, { name, city: 'Brno' }));
      }
      await t.get(CustomerGroupsDemoData).seed();
      const groups = (await t.http().get('/api/customer-groups').set(bearer(t.adminToken))).body.items;
      vip = groups.find((g: { code: string }) => g.code === 'VIP');
      base = await listen(t);
      browser = await openBrowser();
      page = await browser.context.newPage();
      mkdirSync(screenshotDir, { recursive: true });
      await signIn(page, base, ADMIN.email, ADMIN.password);
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it("shows a group's members, with the days of each membership", async () => {
      await page.goto(`${base}/admin/r/customer-groups/${vip.id}?tab=group-members`);
      const rows = page.locator('.tab-body tbody tr');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('Dvořák Jan');
      await page.screenshot({ path: join(screenshotDir, 'customer-group.png'), fullPage: true });
    });

    it("puts a customer in a group from the customer's Groups tab", async () => {
      const customer = customers[4];
      await page.goto(`${base}/admin/r/customers/${customer.id}?tab=customer-groups`);
      await page.getByText('New membership').click();
      await page.getByLabel(/^Group/).selectOption({ label: 'Resellers' });
      await page.getByRole('button', { name: 'Create' }).click();
      expect(await page.locator('.tab-body tbody tr').first().textContent()).toContain('Resellers');
      const groups = await t.http().get(`/api/customers/${customer.id}/groups`).set(bearer(t.adminToken));
      expect(groups.body.items.map((m: { group: { code: string } }) => m.group.code)).toEqual(['RESELLERS']);
    });

    it("shows a customer's prices with the rule that decided each, and who is responsible and why", async () => {
      const customer = customers[0];
      await page.goto(`${base}/admin/r/customers/${customer.id}?tab=customer-prices`);
      const net = page.locator('.tab-body tbody tr', { hasText: 'NET-1000' });
      expect(await net.textContent()).toContain('VIP');
      await page.screenshot({ path: join(screenshotDir, 'customer-prices-why.png'), fullPage: true });
      await page.goto(`${base}/admin/r/customers/${customer.id}?tab=customer-responsibility`);
      expect(await page.locator('.tab-body tbody tr', { hasText: 'Helpdesk' }).textContent()).toContain('Group VIP');
      await page.screenshot({ path: join(screenshotDir, 'customer-responsibility-why.png'), fullPage: true });
    });
  },
);
