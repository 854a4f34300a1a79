import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN, bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { SYSTEM_NODE_ID } from '@clientele/core';
import { contactsBasics, createCustomer, grant } from '../../../../plugins/contacts/test/helpers.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir, signIn } from './browser.js';

const VISITS = './apps/server/admin/test/fixtures/field-visits';

describeInBrowser(
  'admin widgets: rows, autocomplete, translated errors, actions with progress, amounts, overview tiles, plugin settings',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let page: Page;
    let customer: any;

    const api = (path: string) => t.http().get(path).set(bearer(t.adminToken));
    const visit = async (body: Record<string, unknown>) =>
      (await t.http().post('/api/visits').set(bearer(t.adminToken)).send(body)).body;

    beforeAll(async () => {
      t = await startTestApp({ plugins: ['contacts', VISITS] });
      await contactsBasics(t);
      customer = await createCustomer(t, t.adminToken, { name: 'Pekárna Šťastný s.r.o.', city: 'Brno' });
      ({ base, browser, page } = await openAdmin(t));
    });
    afterAll(() => closeAdmin(browser, t));

    it("types a customer's tax IDs as rows of kind and number, adds and removes rows, and shows them on the card", async () => {
      await page.goto(`${base}/admin/r/customers/${customer.id}/edit`);
      const rows = page.locator('fieldset.rows tr.row');
      expect(await rows.count()).toBe(1);
      await page.getByLabel('Kind 1').selectOption('ico');
      await page.getByLabel('Number 1').fill('25596641');
      await page.getByRole('button', { name: 'Add a row' }).click();
      await page.getByLabel('Kind 2').selectOption('dic');
      await page.getByLabel('Number 2').fill('CZ25596641');
      await page.getByRole('button', { name: 'Add a row' }).click();
      await page.getByLabel('Kind 3').selectOption('other');
      await page.getByLabel('Number 3').fill('to be removed');
      await rows.nth(2).getByRole('button', { name: 'Remove' }).click();
      await page
        .locator('fieldset.group', { has: page.locator('legend', { hasText: /^Billing$/ }) })
        .screenshot({ path: join(screenshotDir, 'customer-tax-ids.png') });
      await page.getByRole('button', { name: 'Save' }).click();

      expect(new URL(page.url()).pathname).toBe(`/admin/r/customers/${customer.id}`);
      const stored = await api(`/api/customers/${customer.id}`);
      expect(stored.body.taxIds).toEqual([
        { type: 'ico', value: '25596641' },
        { type: 'dic', value: 'CZ25596641' },
      ]);
      const card = page.locator('.card-fields div', { hasText: 'Tax IDs' });
      expect(await card.locator('dd').textContent()).toBe('Company ID (IČO) 25596641, Tax ID (DIČ) CZ25596641');
      expect(await page.locator('textarea').count()).toBe(0);

      // Editing again shows the rows (plus an empty one); removing one saves the rest.
      await page.goto(`${base}/admin/r/customers/${customer.id}/edit`);
      expect(await page.getByLabel('Number 2').inputValue()).toBe('CZ25596641');
      expect(await rows.count()).toBe(3);
      await rows.nth(0).getByRole('button', { name: 'Remove' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      expect((await api(`/api/customers/${customer.id}`)).body.taxIds).toEqual([{ type: 'dic', value: 'CZ25596641' }]);
    });

    it('adds a tax ID without JavaScript: the form always offers one empty row', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const plain = await context.newPage();
      await signIn(plain, base, ADMIN.email, ADMIN.password);
      const other = await createCustomer(t, t.adminToken, {
        name: 'Bez skriptů s.r.o.',
        taxIds: [{ type: 'ico', value: '25596641' }],
      });
      await plain.goto(`${base}/admin/r/customers/${other.id}/edit`);
      expect(await plain.getByRole('button', { name: 'Add a row' }).isVisible()).toBe(false);
      await plain.getByLabel('Kind 2').selectOption('vat');
      await plain.getByLabel('Number 2').fill('CZ25596641');
      await plain.getByRole('button', { name: 'Save' }).click();
      expect((await api(`/api/customers/${other.id}`)).body.taxIds).toEqual([
        { type: 'ico', value: '25596641' },
        { type: 'vat', value: 'CZ25596641' },
      ]);
      await context.close();
    });

    it('picks an account manager by typing part of the name, from the users the API finds', async () => {
      const eva = await t.user('eva.kralova@test.local');
      await t.user('petr.novy@test.local');
      await page.goto(`${base}/admin/r/customers/${customer.id}/edit`);
      const box = page.getByRole('combobox', { name: 'Account manager' });
      const asked = page.waitForResponse((r) => r.url().includes('/admin/r/users/lookup?q=kral'));
      await box.fill('kral');
      await asked;
      const suggestions = page.getByRole('listbox', { name: 'Account manager' }).getByRole('option');
      const option = suggestions.filter({ hasText: 'eva.kralova' });
      await option.waitFor();
      expect(await suggestions.allTextContents()).toEqual(['eva.kralova']);
      await option.click();
      expect(await box.inputValue()).toBe('eva.kralova');
      await page.getByRole('button', { name: 'Save' }).click();
      expect((await api(`/api/customers/${customer.id}`)).body.accountManagerId).toBe(eva.id);

      await page.goto(`${base}/admin/r/customers/${customer.id}/edit`);
      expect(await page.getByRole('combobox', { name: 'Account manager' }).inputValue()).toBe('eva.kralova');

      // The list's filter searches the same way, and the results follow the choice.
      await createCustomer(t, t.adminToken, { name: 'Bez obchodníka a.s.' });
      await page.goto(`${base}/admin/r/customers`);
      await expect(page.locator('#results tbody').textContent()).resolves.toContain('Bez obchodníka');
      await page.getByRole('combobox', { name: 'Account manager' }).fill('kral');
      const filtered = page.waitForResponse((r) => r.url().includes(`filter%5BaccountManager%5D=${eva.id}`));
      await page.getByRole('listbox', { name: 'Account manager' }).getByRole('option', { name: 'eva.kralova' }).click();
      await filtered;
      await page.locator('#results tr', { hasText: 'Bez obchodníka' }).waitFor({ state: 'detached' });
      expect(await page.locator('#results tbody').textContent()).toContain('Pekárna Šťastný');
    });

    it('shows the API’s validation errors in Czech on a Czech form, beside the IBAN and beside the tax-ID row', async () => {
      const context = await browser.newContext({ locale: 'cs-CZ' });
      const czech = await context.newPage();
      await czech.goto(`${base}/admin/login`);
      await czech.getByLabel('E-mail').fill(ADMIN.email);
      await czech.getByLabel('Heslo').fill(ADMIN.password);
      await czech.getByRole('button', { name: 'Přihlásit se' }).click();
      await czech.goto(`${base}/admin/r/customers/new`);
      await czech.getByLabel(/^Jméno/).fill('Kovář a syn s.r.o.');
      await czech.getByLabel('IBAN').fill('CZ00 1234 5678');
      await czech.getByLabel('Druh 1').selectOption('ico');
      await czech.getByLabel('Číslo 1').fill('12345678');
      await czech.getByRole('button', { name: 'Vytvořit' }).click();
      expect(await czech.locator('#field-iban-error').textContent()).toBe(
        'IBAN není platný (zkontrolujte kontrolní číslice a formát)',
      );
      expect(await czech.locator('#field-taxIds-0-value-error').textContent()).toBe(
        'IČO není platné (kontrolní číslice nesouhlasí)',
      );
      expect(await czech.getByLabel('Číslo 1').inputValue()).toBe('12345678');
      await czech
        .locator('fieldset.group', { has: czech.locator('legend', { hasText: /^Fakturace$/ }) })
        .screenshot({ path: join(screenshotDir, 'customer-form-error-cs.png') });
      await context.close();
    });

    it('runs a record action after its confirmation and follows the job’s progress to the end', async () => {
      const planned = await visit({ title: 'Router swap at Brno', price: 150000 });
      await page.goto(`${base}/admin/r/visits/${planned.id}`);
      await page.getByRole('link', { name: 'Recalculate' }).click();
      expect(await page.locator('.question').textContent()).toBe('Recalculate the report of this visit?');
      await page.getByRole('button', { name: 'Confirm' }).click();

      expect(await page.locator('.alert').allTextContents()).toEqual([]);
      expect(new URL(page.url()).pathname).toMatch(/^\/admin\/jobs\//);
      const job = page.locator('#job');
      // The page polls by itself: the status moves on without a reload.
      await page.locator('#job[data-status="running"]').waitFor({ timeout: 10000 });
      await page.screenshot({ path: join(screenshotDir, 'job-progress.png') });
      await page.locator('#job[data-status="succeeded"]').waitFor({ timeout: 15000 });
      expect(await job.locator('.job-status').textContent()).toBe('Finished');
      expect(await job.locator('.job-progress').textContent()).toBe('4 of 4');
      expect(await job.locator('progress').getAttribute('value')).toBe('100');
      await job.getByRole('link', { name: 'Back' }).click();
      expect(new URL(page.url()).pathname).toBe(`/admin/r/visits/${planned.id}`);
      expect((await api(`/api/visits/${planned.id}`)).body.version).toBe(planned.version + 1);
    });

    it("moves a customer to another address book through the card's action, whose form asks for the book", async () => {
      const brno = await t.http().post('/api/address-books').set(bearer(t.adminToken)).send({ name: 'Brno' });
      const moving = await createCustomer(t, t.adminToken, { name: 'Stěhovák Karel' });
      await page.goto(`${base}/admin/r/customers/${moving.id}`);
      await page.getByRole('link', { name: 'Move to another address book' }).click();
      await page.getByLabel(/^Address book/).selectOption(brno.body.id);
      await page.getByRole('button', { name: 'Confirm' }).click();
      expect(new URL(page.url()).pathname).toBe(`/admin/r/customers/${moving.id}`);
      expect(await page.getByRole('status').first().textContent()).toBe('Move to another address book: done.');
      expect((await api(`/api/customers/${moving.id}`)).body.addressBookId).toBe(brno.body.id);
    });

    it("shows a service's status as its coloured badge in the consumer's Services tab", async () => {
      const consumers = await api(`/api/customers/${customer.id}/consumers`);
      const consumer = consumers.body.items[0];
      await page.goto(`${base}/admin/r/consumers/${consumer.id}?tab=services`);
      const badge = page.locator('.tab-body tbody .badge.status').first();
      expect(await badge.textContent()).toBe('active');
      expect(await badge.getAttribute('style')).toBe('--chip: #2e7d32');
    });

    it('runs a bulk action on the selected rows, asking for its form field first', async () => {
      const [first, second, third] = [
        await visit({ title: 'Bulk A' }),
        await visit({ title: 'Bulk B' }),
        await visit({ title: 'Bulk C' }),
      ];
      await page.goto(`${base}/admin/r/visits?q=Bulk`);
      await page.getByRole('checkbox', { name: 'Select Bulk A' }).check();
      await page.getByRole('checkbox', { name: 'Select Bulk C' }).check();
      await page.getByLabel('With the selected').selectOption('cancel');
      await page.getByRole('button', { name: 'Go' }).click();
      expect(await page.locator('main').textContent()).toContain('Selected: 2');
      await page.getByRole('button', { name: 'Confirm' }).click();
      expect(await page.locator('#field-reason-error').isVisible()).toBe(true);
      await page.getByLabel(/^Reason/).fill('Customer asked');
      await page.getByRole('button', { name: 'Confirm' }).click();

      expect(new URL(page.url()).pathname).toBe('/admin/r/visits');
      expect(await page.getByRole('status').textContent()).toBe('Cancel visits: done.');
      const states = await Promise.all(
        [first, second, third].map(async (v) => (await api(`/api/visits/${v.id}`)).body.status),
      );
      expect(states).toEqual(['cancelled', 'planned', 'cancelled']);
      expect(await page.locator('#results tr', { hasText: 'Bulk A' }).locator('.badge.status').textContent()).toBe(
        'Cancelled',
      );
    });

    it('types money, a duration and a time in fieldsets, and shows them in the reader’s notation and time zone', async () => {
      await page.goto(`${base}/admin/settings`);
      await page.getByLabel('Time zone').selectOption('America/New_York');
      await page.getByRole('button', { name: 'Save' }).click();

      await page.goto(`${base}/admin/r/visits/new`);
      expect(await page.locator('fieldset.group legend').allTextContents()).toEqual(['Plan', 'Price']);
      await page.getByLabel(/^Visit/).fill('Fibre splice');
      await page.getByLabel('Status').selectOption('done');
      await page.getByLabel('When').fill('2026-03-02T09:30');
      await page.getByLabel('Duration').fill('1 h 30 min');
      await page.getByLabel('Price').fill('1 234,5');
      await page.getByRole('button', { name: 'Create' }).click();

      const id = new URL(page.url()).pathname.split('/').pop();
      const stored = (await api(`/api/visits/${id}`)).body;
      expect({
        price: stored.price,
        duration: stored.duration,
        at: new Date(stored.scheduledAt).toISOString(),
      }).toEqual({ price: 123450, duration: 90, at: '2026-03-02T14:30:00.000Z' });
      const value = (label: string) =>
        page.locator('.card-fields div', { has: page.locator(`dt:text-is("${label}")`) }).locator('dd');
      expect((await value('Price').textContent())?.replace(/\s/g, ' ')).toBe('CZK 1,234.50');
      expect(await value('Duration').textContent()).toBe('1 h 30 min');
      expect(await value('Status').locator('.badge.status').textContent()).toBe('Done');
      expect((await value('When').textContent())?.replace(/\s/g, ' ')).toBe('Mar 2, 2026, 9:30 AM');

      // A typo in an amount is refused beside the field, in the form, before the API is asked.
      await page.getByRole('link', { name: 'Edit' }).click();
      expect(await page.getByLabel('When').inputValue()).toBe('2026-03-02T09:30');
      await page.getByLabel('Price').fill('12 Kč');
      await page.getByRole('button', { name: 'Save' }).click();
      expect(await page.locator('#field-price-error').textContent()).toBe('Not an amount (e.g. 1234.50)');
    });

    it("shows times in the browser's time zone to a user who has not chosen one", async () => {
      const reader = await t.user('tokyo@test.local', { password: 'tokyo-password-1' });
      await grant(t, reader.id, 'administrator', SYSTEM_NODE_ID);
      const at = await visit({ title: 'Night shift', scheduledAt: '2026-03-02T14:30:00Z' });
      const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
      const tokyo = await context.newPage();
      await signIn(tokyo, base, 'tokyo@test.local', 'tokyo-password-1');
      const when = () => tokyo.locator('.card-fields div', { has: tokyo.locator('dt:text-is("When")') }).locator('dd');
      // The first page is redrawn by the browser; later ones come from the server in the zone it learnt.
      await tokyo.goto(`${base}/admin/r/visits/${at.id}`);
      await tokyo.waitForFunction("document.cookie.includes('clientele_tz=')");
      expect((await when().textContent())?.replace(/\s/g, ' ')).toBe('Mar 2, 2026, 11:30 PM');
      await tokyo.reload();
      expect((await when().textContent())?.replace(/\s/g, ' ')).toBe('Mar 2, 2026, 11:30 PM');
      expect(await when().locator('time').getAttribute('datetime')).toBe(
        new Date('2026-03-02T14:30:00Z').toISOString(),
      );
      await context.close();
    });

    it('sends a file chosen on the card to the API, links to it, and says why a wrong one is refused', async () => {
      const site = await visit({ title: 'Cabinet photo' });
      await page.goto(`${base}/admin/r/visits/${site.id}`);
      expect(await page.locator('.card-fields div', { hasText: 'Photo' }).locator('a').count()).toBe(1);
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
      const reloaded = page.waitForNavigation();
      await page.getByLabel('Upload a file').setInputFiles({ name: 'cabinet.png', mimeType: 'image/png', buffer: png });
      await reloaded;
      const stored = await t
        .http()
        .get(`/api/visits/${site.id}/photo`)
        .set(bearer(t.adminToken))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(Buffer.compare(stored.body, png)).toBe(0);
      const served = await page.request.get(`${base}/admin/r/visits/${site.id}/files/photo`);
      expect(served.headers()['content-type']).toBe('image/png');
      expect(Buffer.compare(await served.body(), png)).toBe(0);

      await page
        .getByLabel('Upload a file')
        .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
      await page
        .locator('.upload-status', { hasText: 'contentType must be one of the following values: image/png' })
        .waitFor();
    });

    it('shows the plugins’ tiles on the overview: a count and a short list opening the records', async () => {
      await page.goto(`${base}/admin/overview`);
      const count = page.locator('.widget', { has: page.locator('h2', { hasText: /^Visits$/ }) });
      expect(await count.locator('.count').textContent()).toBe(String((await api('/api/visits')).body.total));
      const next = page.locator('.widget', { hasText: 'Next visits' });
      await page.screenshot({ path: join(screenshotDir, 'overview-tiles.png') });
      expect(await next.locator('li').count()).toBe(3);
      await next.getByRole('link', { name: 'Bulk A' }).click();
      expect(await page.locator('h1').textContent()).toContain('Bulk A');
    });

    it('edits a plugin’s settings from its schema: an error beside the field, then saved with the version', async () => {
      await page.goto(`${base}/admin/settings`);
      await page.getByRole('link', { name: 'contacts' }).click();
      expect(new URL(page.url()).pathname).toBe('/admin/settings/contacts');
      await page.getByLabel('Customer number width').fill('99');
      await page.getByLabel('Customer number prefix').fill('C-');
      await page.getByRole('button', { name: 'Save' }).click();
      expect(await page.locator('#setting-customerNumberWidth-error').isVisible()).toBe(true);
      expect(await page.getByLabel('Customer number prefix').inputValue()).toBe('C-');
      await page.screenshot({ path: join(screenshotDir, 'plugin-settings.png'), fullPage: true });

      await page.getByLabel('Customer number width').fill('8');
      await page.getByLabel('Portal login').selectOption('entered');
      await page.getByRole('button', { name: 'Save' }).click();
      expect(await page.getByRole('status').textContent()).toBe('The settings are saved.');
      const stored = (await api('/api/settings/contacts')).body;
      expect(stored.values).toMatchObject({
        customerNumberPrefix: 'C-',
        customerNumberWidth: 8,
        portalLogin: 'entered',
      });

      // Someone else saves meanwhile: this form's version is stale, and the page says so.
      await t
        .http()
        .put('/api/settings/contacts')
        .set(bearer(t.adminToken))
        .send({ version: stored.version, customerNumberPrefix: 'K-' });
      await page.getByLabel('Customer number prefix').fill('X-');
      await page.getByRole('button', { name: 'Save' }).click();
      expect(await page.locator('#conflict').isVisible()).toBe(true);
      expect((await api('/api/settings/contacts')).body.values.customerNumberPrefix).toBe('K-');
    });
  },
);
