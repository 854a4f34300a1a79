import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SYSTEM_NODE_ID } from '@clientele/core';
import { ADMIN, bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir } from './browser.js';

describeInBrowser('admin UI: sign-in, core access pages and a plugin without UI code', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['./test/fixtures/external-plugin'] });
    ({ base, browser, page } = await openAdmin(t, { as: null }));
  });
  afterAll(() => closeAdmin(browser, t));

  it('refuses a wrong password beside the form, then signs in and lands on the overview', async () => {
    await page.goto(`${base}/admin/r/roles`);
    expect(page.url()).toContain('/admin/login?next=');
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not right');
    await page.screenshot({ path: join(screenshotDir, 'login.png') });

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/r/roles');
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/overview');
    expect(await page.title()).toBe('Overview · Clientele');
  });

  it("shows the fixture plugin's resource from its metadata alone, and creates a record through its form", async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Asset tags' }).click();
    expect(await page.locator('h1').textContent()).toBe('Asset tags');
    await page.getByRole('link', { name: 'New' }).click();
    await page.getByLabel('Label').fill('rack-12');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/r/asset-tags');
    await expect(page.locator('#results tbody').textContent()).resolves.toContain('rack-12');
    const api = await t.http().get('/api/asset-tags').set(bearer(t.adminToken));
    expect(api.body.items.map((i: any) => i.label)).toEqual(['rack-12']);
  });

  it('manages roles: validation beside the field, create, edit, history', async () => {
    await page.goto(`${base}/admin/r/roles`);
    await expect(page.locator('#results').textContent()).resolves.toContain('Administrator');
    await page.screenshot({ path: join(screenshotDir, 'roles-list.png') });

    await page.getByRole('link', { name: 'New' }).click();
    await page.getByLabel('Code').fill('Bad Code!');
    await page.getByLabel(/^Name/).fill('Auditor');
    await page.getByRole('checkbox', { name: /core\.history\.read/ }).check();
    await page.getByRole('button', { name: 'Create' }).click();
    const codeError = page.locator('#field-code-error');
    expect(await codeError.textContent()).toMatch(/code/i);
    expect(await page.getByLabel('Code').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(screenshotDir, 'form-error.png') });

    await page.getByLabel('Code').fill('auditor');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(page.url()).toMatch(/\/admin\/r\/roles\/[0-9a-f-]{36}$/);
    await expect(page.locator('.card-fields').textContent()).resolves.toContain('core.history.read');

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^Name/).fill('Auditor (read-only)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'History', exact: true }).click();
    const history = await page.locator('.history').textContent();
    expect(history).toContain('Auditor (read-only)');
    expect(history).toContain('Admin');
    await page.screenshot({ path: join(screenshotDir, 'history.png') });
  });

  it('grants a role and explains why the user may act there', async () => {
    const clerk = await t.user('clerk@test.local');
    await page.goto(`${base}/admin/r/grants/new`);
    await page.getByLabel('Role').selectOption({ label: 'Administrator' });
    await page.getByRole('combobox', { name: 'User', exact: true }).fill('clerk');
    await page.getByRole('listbox', { name: 'User', exact: true }).getByRole('option', { name: 'clerk' }).click();
    await page.getByLabel('Where (node id)').fill(SYSTEM_NODE_ID);
    await page.getByRole('button', { name: 'Create' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/r/grants');
    await expect(page.locator('#results tbody').textContent()).resolves.toContain('clerk');

    await page.goto(`${base}/admin/access/explain`);
    await page.getByRole('combobox', { name: 'User' }).fill('clerk');
    await page.getByRole('listbox', { name: 'User' }).getByRole('option', { name: 'clerk' }).click();
    await page.getByLabel('Permission').selectOption('core.access.read');
    await page.getByLabel('Node').fill(SYSTEM_NODE_ID);
    await page.getByRole('button', { name: 'Explain' }).click();
    const answer = await page.locator('.answer').textContent();
    expect(answer).toContain('clerk may do this');
    expect(answer).toContain('Administrator');
    await page.screenshot({ path: join(screenshotDir, 'explain.png') });
    expect(clerk.id).toBeTruthy();
  });

  it('offers a user without rights neither the access pages nor their URLs, and speaks Czech when asked', async () => {
    await t.user('nobody@test.local');
    const czech = (await browser.context.browser()?.newContext({ locale: 'cs-CZ' })) ?? browser.context;
    const other = await czech.newPage();
    await other.setExtraHTTPHeaders({ 'accept-language': 'cs' });
    await other.goto(`${base}/admin/login`);
    expect(await other.title()).toBe('Přihlášení · Clientele');
    await other.getByLabel('E-mail').fill('nobody@test.local');
    await other.getByLabel('Heslo').fill('user-password-1');
    await other.getByRole('button', { name: 'Přihlásit se' }).click();
    await expect(other.locator('nav.side').textContent()).resolves.not.toContain('Role');
    const response = await other.goto(`${base}/admin/r/roles`);
    expect(response?.status()).toBe(404);
    await other.close();
  });
});
