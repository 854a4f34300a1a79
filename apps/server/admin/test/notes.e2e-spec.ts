import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SYSTEM_NODE_ID } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant } from '../../../../plugins/contacts/test/helpers.js';
import { writeNote } from '../../../../plugins/notes/test/notes-test-kit.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir, signIn } from './browser.js';

const PASSWORD = 'user-password-1';

describeInBrowser('admin UI with contacts and notes: the Notes tab, alert pop-up, columns and Czech labels', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let dvorak: any;
  let busy: any;
  let eva: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts', 'notes'] });
    await contactsBasics(t);
    dvorak = await createCustomer(t, t.adminToken, { name: 'Dvořák Jiří', city: 'Brno' });
    busy = await createCustomer(t, t.adminToken, { name: 'Horák Pavel', city: 'Zlín' });
    await createCustomer(t, t.adminToken, { name: 'Šťastná Věra', city: 'Olomouc' });
    // Eva works in the UI; Petr is a colleague whose private note Eva must not see.
    eva = await t.user('eva@test.local');
    const petr = await t.user('petr@test.local');
    await grant(t, eva.id, 'administrator', SYSTEM_NODE_ID);
    await grant(t, petr.id, 'administrator', SYSTEM_NODE_ID);
    await writeNote(t, petr.token, { nodeId: dvorak.id, text: 'Called about the invoice, all settled.' });
    await writeNote(t, petr.token, {
      nodeId: dvorak.id,
      text: 'Petr’s own reminder: ask about the tower',
      private: true,
    });
    await writeNote(t, t.adminToken, {
      nodeId: dvorak.id,
      text: '<p><strong>Owes for March.</strong> Ask before any change.</p><script>alert(1)</script>',
      alert: true,
    });

    ({ base, browser, page } = await openAdmin(t, { as: { email: 'eva@test.local', password: PASSWORD } }));
  });
  afterAll(() => closeAdmin(browser, t));

  it('pops up the customer’s alert note as an accessible dialog, with its sanitised markup, and dismisses it', async () => {
    await page.goto(`${base}/admin/r/customers/${dvorak.id}`);
    const dialog = page.getByRole('dialog', { name: 'Alerts on this record' });
    await dialog.waitFor();
    expect(await dialog.locator('strong').textContent()).toBe('Owes for March.');
    expect(await dialog.locator('script').count()).toBe(0);
    expect(await dialog.textContent()).toContain('Admin');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Got it');
    await page.screenshot({ path: join(screenshotDir, 'customer-alert.png') });

    await dialog.getByRole('button', { name: 'Got it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Dismissed once for this session: other tabs of the same record do not pop it up again.
    await page.getByRole('link', { name: 'Notes', exact: true }).click();
    expect(await page.locator('#record-alerts').isVisible()).toBe(false);
  });

  it('lists the notes newest first without a colleague’s private note, and writes a private note from the tab', async () => {
    await page.goto(`${base}/admin/r/customers/${dvorak.id}?tab=notes`);
    const rows = page.locator('.tab-body tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Owes for March.');
    expect(await rows.nth(1).textContent()).toContain('all settled');
    expect(await page.locator('.tab-body').textContent()).not.toContain('ask about the tower');

    await page.getByText('New note').click();
    await page.getByLabel(/^Note/).fill('Prefers calls after 4 pm');
    await page.getByLabel('Private').check();
    await page.screenshot({ path: join(screenshotDir, 'customer-notes.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create' }).click();
    expect(page.url()).toBe(`${base}/admin/r/customers/${dvorak.id}?tab=notes`);
    const first = rows.nth(0);
    expect(await first.textContent()).toContain('Prefers calls after 4 pm');
    expect(await first.locator('td').nth(4).textContent()).toBe('Yes');

    const mine = await t
      .http()
      .get(`/api/notes?filter[nodeId]=${dvorak.id}&filter[private]=true`)
      .set(bearer(eva.token));
    expect(mine.body.items.map((n: any) => [n.text, n.authorId])).toEqual([['Prefers calls after 4 pm', eva.id]]);
  });

  it('offers no new-note form to a user who may read notes but not write them', async () => {
    const reader = await t.user('reader@test.local');
    const role = await t
      .http()
      .post('/api/roles')
      .set(bearer(t.adminToken))
      .send({ code: 'notes-reader', name: 'Reads notes', permissions: ['contacts.customer.read', 'notes.read'] });
    expect(role.status).toBe(201);
    expect(
      (
        await t
          .http()
          .post('/api/grants')
          .set(bearer(t.adminToken))
          .send({ userId: reader.id, roleId: role.body.id, nodeId: dvorak.id })
      ).status,
    ).toBe(201);
    const context = await browser.newContext();
    const own = await context.newPage();
    await signIn(own, base, 'reader@test.local', PASSWORD);
    await own.goto(`${base}/admin/r/customers/${dvorak.id}?tab=notes`);
    expect(await own.locator('.tab-body').textContent()).toContain('all settled');
    expect(await own.getByText('New note').count()).toBe(0);
    await context.close();
  });

  it('pages a long list of notes', async () => {
    for (let i = 1; i <= 21; i++) await writeNote(t, t.adminToken, { nodeId: busy.id, text: `Visit ${i}` });
    await page.goto(`${base}/admin/r/customers/${busy.id}?tab=notes`);
    const rows = page.locator('.tab-body tbody tr');
    expect(await rows.count()).toBe(20);
    expect(await rows.nth(0).textContent()).toContain('Visit 21');
    await page.getByRole('link', { name: 'Next page →' }).click();
    expect(await rows.count()).toBe(1);
    expect(await rows.nth(0).textContent()).toContain('Visit 1');
  });

  it('shows "last change" as a time and a name, not as data', async () => {
    await page.goto(`${base}/admin/r/customers/${busy.id}`);
    const lastChange = page.locator('.card-fields div', { hasText: 'Last change' }).locator('dd');
    const text = (await lastChange.textContent())!.trim();
    expect(text).toMatch(/\d{4}.* — by Admin$/);
    expect(text).not.toContain('{');
  });

  it('adds a support parameter column from the chooser, with the value’s colour', async () => {
    const admin = bearer(t.adminToken);
    expect(
      (await t.http().post('/api/support-parameters').set(admin).send({ code: 'sla', name: 'SLA', position: 1 }))
        .status,
    ).toBe(201);
    expect(
      (
        await t
          .http()
          .put(`/api/customers/${dvorak.id}/support-values/sla`)
          .set(admin)
          .send({ value: 'Gold', color: '#c9a227' })
      ).status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .post('/api/customer-variables')
          .set(admin)
          .send({ key: 'contract', label: 'Contract type', type: 'text' })
      ).status,
    ).toBe(201);
    const current = await t.http().get(`/api/customers/${dvorak.id}`).set(admin);
    expect(
      (
        await t
          .http()
          .patch(`/api/customers/${dvorak.id}`)
          .set(admin)
          .send({ customFields: { contract: 'Business' }, version: current.body.version })
      ).status,
    ).toBe(200);

    await page.goto(`${base}/admin/r/customers`);
    await page.getByText('Columns', { exact: true }).click();
    const chooser = page.locator('.chooser');
    await chooser.getByRole('group', { name: 'Custom variables' }).getByLabel('Contract type').check();
    await chooser.getByRole('group', { name: 'Support parameters' }).getByLabel('SLA').check();
    await chooser.getByRole('button', { name: 'Show', exact: true }).click();

    expect(await page.locator('#results thead').textContent()).toContain('SLA');
    const row = page.locator('#results tr', { hasText: 'Dvořák Jiří' });
    expect(await row.textContent()).toContain('Business');
    const chip = row.locator('.chip');
    expect(await chip.textContent()).toBe('Gold');
    expect(await chip.getAttribute('style')).toContain('#c9a227');
    await page.screenshot({ path: join(screenshotDir, 'customers-list.png') });
  });

  it('labels the customers list in Czech for a browser asking for Czech', async () => {
    const context = await browser.newContext({ locale: 'cs-CZ' });
    await context.addCookies(await browser.context.cookies());
    const czech = await context.newPage();
    await czech.goto(`${base}/admin/r/customers?cols=number&cols=name&cols=city`);
    const headers = await czech.locator('#results thead th').allTextContents();
    expect(headers.slice(0, 3).map((h) => h.trim())).toEqual(['Číslo zákazníka', 'Jméno', 'Město']);
    expect(await czech.locator('h1').textContent()).toBe('Zákazníci');
    await czech.goto(`${base}/admin/r/customers/${busy.id}`);
    expect(await czech.getByRole('navigation', { name: 'Části záznamu' }).textContent()).toContain('Poznámky');
    await context.close();
  });

  it('shows the alerts as a plain notice at the top when JavaScript is off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await signIn(plain, base, 'eva@test.local', PASSWORD);
    await plain.goto(`${base}/admin/r/customers/${dvorak.id}`);
    const notice = plain.locator('#record-alerts');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('Owes for March.');
    const box = await notice.boundingBox();
    const heading = await plain.locator('h1').boundingBox();
    expect(box!.y).toBeLessThan(heading!.y);
    await plain.getByRole('button', { name: 'Got it' }).click();
    expect(await notice.isVisible()).toBe(false);
    await context.close();
  });
});
