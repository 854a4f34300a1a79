import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SYSTEM_NODE_ID } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant } from '../../../../plugins/contacts/test/helpers.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir, signIn } from './browser.js';

const resultsText = (page: Page) => page.locator('#results tbody').textContent();

describeInBrowser('admin UI on the contacts plugin: customers generated from its metadata', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let dvorak: any;
  let novak: any;

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    await contactsBasics(t);
    dvorak = await createCustomer(t, t.adminToken, { name: 'Dvořák Jiří', city: 'Brno' });
    novak = await createCustomer(t, t.adminToken, { name: 'Novák Petr', city: 'Praha' });
    await createCustomer(t, t.adminToken, { name: 'Šťastná Věra', city: 'Olomouc' });
    ({ base, browser, page } = await openAdmin(t));
  });
  afterAll(() => closeAdmin(browser, t));

  it('finds a customer by a name typed without diacritics, inline as one types', async () => {
    await page.goto(`${base}/admin/r/customers`);
    await expect(resultsText(page)).resolves.toContain('Novák Petr');
    const answered = page.waitForResponse((r) => r.url().includes('q=dvorak'));
    await page.getByRole('searchbox', { name: 'Search' }).fill('dvorak');
    await answered;
    await page.locator('#results tr', { hasText: 'Novák' }).waitFor({ state: 'detached' });
    const text = await resultsText(page);
    expect(text).toContain('Dvořák Jiří');
    expect(text).not.toContain('Šťastná');
    expect(page.url()).toContain('q=dvorak');
  });

  it('shows the server’s IBAN error beside the field, then creates the customer', async () => {
    await page.goto(`${base}/admin/r/customers`);
    await page.getByRole('link', { name: 'New' }).click();
    await page.getByLabel(/^Name/).fill('Kovář a syn s.r.o.');
    await page.getByLabel('IBAN').fill('CZ00 1234 5678');
    await page.getByRole('button', { name: 'Create' }).click();
    const error = page.locator('#field-iban-error');
    expect(await error.isVisible()).toBe(true);
    expect(await page.getByLabel('IBAN').getAttribute('aria-describedby')).toBe('field-iban-error');
    expect(await page.getByLabel('IBAN').inputValue()).toBe('CZ00 1234 5678');
    await page.screenshot({ path: join(screenshotDir, 'customer-form-error.png'), fullPage: true });

    await page.getByLabel('IBAN').fill('CZ6508000000192000145399');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(page.url()).toMatch(/\/admin\/r\/customers\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toContain('Kovář a syn s.r.o.');
  });

  it('edits a customer and shows the change in the history tab', async () => {
    await page.goto(`${base}/admin/r/customers/${dvorak.id}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('City').fill('Ostrava');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'History', exact: true }).click();
    const change = page.locator('.history li').first();
    expect(await change.textContent()).toContain('Changed');
    const row = change.locator('tr', { hasText: 'City' });
    expect(await row.locator('.before').textContent()).toBe('Brno');
    expect(await row.locator('.after').textContent()).toBe('Ostrava');
    await page.screenshot({ path: join(screenshotDir, 'customer-history.png'), fullPage: true });
  });

  it('refuses a stale edit with who changed it meanwhile, instead of overwriting', async () => {
    const eva = await t.user('eva@test.local');
    await grant(t, eva.id, 'administrator', SYSTEM_NODE_ID);
    await page.goto(`${base}/admin/r/customers/${novak.id}/edit`);
    const current = await t.http().get(`/api/customers/${novak.id}`).set(bearer(eva.token));
    const theirs = await t
      .http()
      .patch(`/api/customers/${novak.id}`)
      .set(bearer(eva.token))
      .send({ phone: '+420601123456', version: current.body.version });
    expect(theirs.status).toBe(200);

    await page.getByLabel('City').fill('Kolín');
    await page.getByRole('button', { name: 'Save' }).click();
    const conflict = page.locator('#conflict');
    expect(await conflict.textContent()).toContain('Changed by eva meanwhile');
    const stored = await t.http().get(`/api/customers/${novak.id}`).set(bearer(t.adminToken));
    expect(stored.body.city).toBe('Praha');
    await page.screenshot({ path: join(screenshotDir, 'stale-edit.png') });

    await conflict.getByRole('link', { name: 'Reload' }).click();
    expect(await page.getByLabel('Phone', { exact: true }).inputValue()).toBe('+420601123456');
  });

  it('deletes after confirmation and restores from "show deleted"', async () => {
    await page.goto(`${base}/admin/r/customers/${novak.id}`);
    await page.getByRole('link', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/r/customers');
    await expect(resultsText(page)).resolves.not.toContain('Novák Petr');

    await page.getByLabel('Show deleted').check();
    await page.locator('#results tr', { hasText: 'Novák Petr' }).waitFor();
    const row = page.locator('#results tr', { hasText: 'Novák Petr' });
    await row.getByRole('button', { name: 'Restore' }).click();
    expect(new URL(page.url()).pathname).toBe(`/admin/r/customers/${novak.id}`);
    expect(await page.locator('h1 .badge').count()).toBe(0);
  });

  it('shows a customer user only their own customer, and not another one by URL', async () => {
    const portal = await t
      .http()
      .post(`/api/customers/${dvorak.id}/portal-users`)
      .set(bearer(t.adminToken))
      .send({ name: 'Jiří Dvořák' });
    expect(portal.status).toBe(201);
    // The customer's own administrator: everything inside the customer, nothing outside it.
    await grant(t, portal.body.userId, 'administrator', dvorak.id);
    const context = await browser.newContext();
    const own = await context.newPage();
    await signIn(own, base, portal.body.login, portal.body.password);
    expect(new URL(own.url()).pathname).toBe(`/admin/r/customers/${dvorak.id}`);
    await own.screenshot({ path: join(screenshotDir, 'customer-user-landing.png'), fullPage: true });

    await own.goto(`${base}/admin/r/customers`);
    const text = await resultsText(own);
    expect(text).toContain('Dvořák Jiří');
    expect(text).not.toContain('Šťastná');
    expect(text).not.toContain('Kovář');
    const other = await own.goto(`${base}/admin/r/customers/${novak.id}`);
    expect(other?.status()).toBe(404);
    expect(await own.locator('h1').textContent()).toBe('Not found');
    await context.close();
  });
});
