import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { CustomerGroupsDemoData } from '../../../../plugins/customer-groups/demo-data.js';
import { contactsBasics, createCustomer, grant } from '../../../../plugins/contacts/test/helpers.js';
import { SYSTEM_NODE_ID } from '@clientele/core';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir, signIn } from './browser.js';

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
      ({ base, browser, page } = await openAdmin(t));
    });
    afterAll(() => closeAdmin(browser, t));

    it("shows each customer's groups of today as chips in the groups' colours on the customer list", async () => {
      await page.goto(`${base}/admin/r/customers`);
      const groupsHeader = page.locator('#results thead th', { hasText: 'Groups' });
      expect(await groupsHeader.count()).toBe(1);
      const chips = page.locator('#results tbody tr', { hasText: 'Dvořák Jan' }).locator('.chips .chip');
      expect(await chips.allTextContents()).toEqual(['VIP', 'Corporate staff']);
      expect(await chips.first().getAttribute('style')).toContain('#c2185b');
      // Kováčová's membership starts next month: no chip today.
      const later = page.locator('#results tbody tr', { hasText: 'Kováčová Zuzana' });
      expect(await later.locator('.chip').count()).toBe(0);
      await page.screenshot({ path: join(screenshotDir, 'customers-groups.png'), fullPage: true });
    });

    it('narrows the customer list to the customers of the groups chosen in the Group filter', async () => {
      const names = () => page.locator('#results tbody tr td:nth-child(2)').allTextContents();
      await page.goto(`${base}/admin/r/customers`);
      expect((await names()).length).toBeGreaterThanOrEqual(customers.length);
      let answered = page.waitForResponse((r) => r.url().includes('filter'));
      await page.locator('#filter-group').selectOption({ label: 'VIP' });
      await answered;
      await page.locator('#results tbody tr', { hasText: 'Pekárna' }).waitFor({ state: 'detached' });
      expect(await names()).toEqual(['Dvořák Jan']);
      answered = page.waitForResponse((r) => r.url().includes('filter'));
      await page.locator('#filter-group').selectOption([{ label: 'VIP' }, { label: 'Resellers' }]);
      await answered;
      await page.locator('#results tbody tr', { hasText: 'Pekárna' }).waitFor();
      expect((await names()).sort()).toEqual(['Dvořák Jan', 'Pekárna Šťastný s.r.o.']);
      const chosen = new URL(page.url()).searchParams.getAll('filter[group]');
      expect(chosen).toHaveLength(2);
      // The link is the list's state: opened afresh, it shows the same two and keeps both chosen.
      await page.goto(page.url());
      expect((await names()).sort()).toEqual(['Dvořák Jan', 'Pekárna Šťastný s.r.o.']);
      expect(await page.locator('#filter-group option:checked').allTextContents()).toEqual(['VIP', 'Resellers']);
    });

    it('shows neither the Groups column nor the Group filter to staff who may not read groups', async () => {
      const eva = await t.user('eva@test.local');
      await grant(t, eva.id, 'administrator', SYSTEM_NODE_ID);
      const context = await browser.newContext();
      const staff = await context.newPage();
      await signIn(staff, base, 'eva@test.local', 'user-password-1');
      await staff.goto(`${base}/admin/r/customers`);
      expect(await staff.locator('#results tbody tr', { hasText: 'Dvořák Jan' }).count()).toBe(1);
      expect(await staff.locator('#results thead th', { hasText: 'Groups' }).count()).toBe(0);
      expect(await staff.locator('#filter-group').count()).toBe(0);
      await context.close();
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

describeInBrowser('admin customer list without the customer-groups plugin', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    await contactsBasics(t);
    await createCustomer(t, t.adminToken, { name: 'Dvořák Jan', city: 'Brno' });
    ({ base, browser, page } = await openAdmin(t));
  });
  afterAll(() => closeAdmin(browser, t));

  it('has neither the Groups column nor the Group filter', async () => {
    await page.goto(`${base}/admin/r/customers`);
    expect(await page.locator('#results tbody tr', { hasText: 'Dvořák Jan' }).count()).toBe(1);
    expect(await page.locator('#results thead th', { hasText: 'Groups' }).count()).toBe(0);
    expect(await page.locator('#filter-group').count()).toBe(0);
  });
});
