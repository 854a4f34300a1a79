import { join } from 'node:path';
import { ModuleRef } from '@nestjs/core';
import type { Page } from 'playwright-core';
import { bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { PluginRegistry } from '@clientele/core';
import { billingGroup } from '../../../../plugins/billing-groups/test/billing-test-kit.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir } from './browser.js';

describeInBrowser(
  'admin UI of billing: balances and scores, the unmatched queue, invoices, the customer card, the dry run',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let page: Page;
    const api = (path: string) => t.http().get(path).set(bearer(t.adminToken));

    beforeAll(async () => {
      t = await startTestApp({
        plugins: ['contacts', 'billing-groups'],
        settings: { 'billing-groups': { suspendAfterDays: 10 } },
      });
      const modules = t.app.get(ModuleRef);
      for (const plugin of t.get(PluginRegistry).plugins) {
        for (const seed of plugin.metadata.seeds ?? [])
          await modules.get(seed.provider, { strict: false })[seed.method]();
      }
      ({ base, browser, page } = await openAdmin(t));
    });
    afterAll(() => closeAdmin(browser, t));

    it('lists customers with their balance and score, in money and sortable', async () => {
      await page.goto(`${base}/admin/r/billing-accounts?sort=scoreTotal`);
      const rows = page.locator('#results tbody tr');
      expect(await rows.count()).toBeGreaterThan(2);
      expect(await rows.first().textContent()).toContain('-21');
      await page.screenshot({ path: join(screenshotDir, 'billing-accounts.png'), fullPage: true });
    });

    it("offers the customer list a balance column in the chooser, under billing's name, and a billing-group filter", async () => {
      // A second billing group with one customer without invoices, so that the filter narrows the list.
      const all = (await api('/api/customers?limit=500')).body.items;
      const quiet = all.find((c: any) => c.billing?.balanceMinor === 0 && c.billing?.scoreTotal === 0);
      const south = await billingGroup(t, { name: 'Jih s.r.o.' });
      const from = quiet.billing.groupId;
      const move = (groupId: string) =>
        t.http().post(`/api/billing-accounts/${quiet.id}/move`).set(bearer(t.adminToken)).send({ groupId });
      expect((await move(south.id)).status).toBe(200);

      await page.goto(`${base}/admin/r/customers`);
      expect(await page.locator('#results tbody tr').count()).toBe(all.length);
      expect(await page.locator('#results thead th', { hasText: 'Balance' }).count()).toBe(0);
      const offered = page.locator('.chooser fieldset', { hasText: 'Billing groups' });
      expect(await offered.locator('label').allTextContents()).toEqual(['Balance', 'Payment score']);
      const answered = page.waitForResponse((r) => r.url().includes('billingGroup'));
      await page.locator('#filter-billingGroup').selectOption({ label: 'Jih s.r.o.' });
      await answered;
      await page.locator('#results tbody tr').nth(1).waitFor({ state: 'detached' });
      expect(await page.locator('#results tbody tr td:nth-child(2)').allTextContents()).toEqual([quiet.name]);

      const [owing] = (await api('/api/billing-accounts?sort=balanceMinor&limit=1')).body.items;
      const balance = (await api(`/api/customers/${owing.customerId}`)).body;
      await page.goto(
        `${base}/admin/r/customers?q=${encodeURIComponent(balance.number)}&cols=number&cols=billing.balanceMinor`,
      );
      const cells = await page
        .locator('#results tbody tr', { hasText: balance.number })
        .locator('td')
        .allTextContents();
      const amount = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2 }).format(owing.balanceMinor / 100);
      // The last cell holds the restore button of a deleted customer.
      expect(cells.slice(0, 2).map((c) => c.trim())).toEqual([balance.number, amount]);
      expect((await move(from)).status).toBe(200);
    });

    it('assigns a payment from the unmatched queue to a customer through its action', async () => {
      const [waiting] = (await api('/api/payments?filter[matched]=false')).body.items;
      const [owing] = (await api('/api/billing-accounts?sort=balanceMinor&limit=1')).body.items;
      await page.goto(`${base}/admin/r/payments?filter[matched]=false`);
      expect(await page.locator('#results tbody tr').count()).toBe(1);
      await page.screenshot({ path: join(screenshotDir, 'billing-unmatched.png'), fullPage: true });
      await page.goto(`${base}/admin/r/payments/${waiting.id}`);
      await page.getByRole('link', { name: 'Assign to a customer' }).click();
      const box = page.getByRole('combobox', { name: 'Customer' });
      await box.fill(owing.customerNumber);
      await page.getByRole('listbox', { name: 'Customer' }).getByRole('option', { name: owing.customerName }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      expect(await page.getByRole('status').first().textContent()).toBe('Assign to a customer: done.');
      expect((await api(`/api/payments/${waiting.id}`)).body).toMatchObject({ matchedBy: 'person' });
    });

    it('shows an invoice with its status, amounts and the link to its PDF', async () => {
      const [invoice] = (await api('/api/invoices?filter[status]=paid&limit=1')).body.items;
      await page.goto(`${base}/admin/r/invoices/${invoice.id}`);
      expect(await page.locator('h1').textContent()).toContain(invoice.number);
      expect(await page.locator('.badge.status').first().textContent()).toBe('Paid');
      const pdf = page.locator(`a[href="/admin/r/invoices/${invoice.id}/files/pdf"]`);
      expect(await pdf.count()).toBe(1);
      const download = await page.request.get(`${base}/admin/r/invoices/${invoice.id}/files/pdf`);
      expect(download.headers()['content-type']).toBe('application/pdf');
      await page.screenshot({ path: join(screenshotDir, 'billing-invoice.png'), fullPage: true });
    });

    it("shows the customer card's billing and invoices tabs", async () => {
      const [account] = (await api('/api/billing-accounts?sort=scoreTotal&limit=1')).body.items;
      const invoices = (await api(`/api/invoices?filter[customerId]=${account.customerId}`)).body.items;
      await page.goto(`${base}/admin/r/customers/${account.customerId}?tab=invoices`);
      const tab = await page.locator('.tab-body').textContent();
      for (const invoice of invoices) expect(tab).toContain(invoice.number);
      await page.goto(`${base}/admin/r/customers/${account.customerId}?tab=billing`);
      expect(await page.locator('.tab-body').textContent()).toContain('Síť Šumperk s.r.o.');
      await page.screenshot({ path: join(screenshotDir, 'billing-customer-tab.png'), fullPage: true });
    });

    it('shows on the overview who the suspension would suspend now, opening their billing', async () => {
      const preview = (await api('/api/billing-suspension/preview')).body;
      expect(preview.total).toBeGreaterThan(0);
      await page.goto(`${base}/admin/overview`);
      const tile = page.locator('.widget', { hasText: 'Would be suspended now' });
      expect(await tile.locator('li').count()).toBe(preview.items.length);
      await page.screenshot({ path: join(screenshotDir, 'billing-overview.png') });
      await tile.getByRole('link', { name: preview.items[0].customerName }).click();
      expect(new URL(page.url()).pathname).toBe(`/admin/r/billing-accounts/${preview.items[0].customerId}`);
    });
  },
);
