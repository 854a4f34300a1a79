import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  listen,
  openBrowser,
  signIn,
  type Browser,
} from '../../../apps/server/admin/test/browser.js';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant } from './helpers.js';

describeInBrowser("admin UI: a clerk's chosen landing view and saved customer filters", () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let clerk: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    const {
      addressBooks: [book],
    } = await contactsBasics(t);
    await createCustomer(t, t.adminToken, { name: 'Connected Nováková', addressBookId: book.id, state: 'connected' });
    await createCustomer(t, t.adminToken, { name: 'Limited Svoboda', addressBookId: book.id, state: 'limited' });
    clerk = await t.user('clerk@admin-prefs.local');
    await grant(t, clerk.id, 'administrator', book.id);
    base = await listen(t);
    browser = await openBrowser();
    page = await browser.context.newPage();
    await signIn(page, base, 'clerk@admin-prefs.local', 'user-password-1');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the customer list on arrival once the clerk chose it as their landing view', async () => {
    await page.goto(`${base}/admin/settings`);
    await page.locator('#landing').selectOption('resource:customers');
    await page
      .locator('form')
      .filter({ has: page.locator('#landing') })
      .getByRole('button')
      .first()
      .click();
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/r/customers');
    await page.getByText('Connected Nováková').waitFor();
    const me = await t.http().get('/api/me').set(bearer(clerk.token));
    expect(me.body.preferences.admin.landing).toBe('resource:customers');
  });

  it('keeps a named customer filter and offers it again on the list', async () => {
    await page.goto(`${base}/admin/r/customers?filter%5Bstate%5D=limited`);
    await page.getByText('Limited Svoboda').waitFor();
    expect(await page.getByText('Connected Nováková').count()).toBe(0);
    await page.locator('details.saved summary').click();
    await page.getByLabel('Save the current search as').fill('Limited customers');
    await page.locator('details.saved').getByRole('button', { name: 'Save' }).click();
    await page.goto(`${base}/admin/r/customers`);
    await page.locator('details.saved summary').click();
    await page.locator('details.saved').getByText('Limited customers').click();
    await page.getByText('Limited Svoboda').waitFor();
    expect(await page.getByText('Connected Nováková').count()).toBe(0);
    const me = await t.http().get('/api/me').set(bearer(clerk.token));
    expect(me.body.preferences.admin.savedFilters.customers).toEqual([
      expect.objectContaining({ name: 'Limited customers' }),
    ]);
  });
});
