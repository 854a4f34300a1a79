import type { Page } from 'playwright-core';
import { SYSTEM_NODE_ID } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../../test/setup/harness.js';
import { contactsBasics, createCustomer, grant } from '../../../../plugins/contacts/test/helpers.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin } from './browser.js';

describeInBrowser('admin live updates: the open card and list notice changes made by someone else', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let eva: { id: string; token: string };

  const change = async (token: string, id: string, body: Record<string, unknown>) => {
    const current = await t.http().get(`/api/customers/${id}`).set(bearer(token));
    const res = await t
      .http()
      .patch(`/api/customers/${id}`)
      .set(bearer(token))
      .send({ ...body, version: current.body.version });
    expect(res.status).toBe(200);
  };
  const streaming = (p: Page) => p.waitForResponse((r) => r.url().endsWith('/admin/events'));

  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    await contactsBasics(t);
    eva = await t.user('eva@test.local');
    await grant(t, eva.id, 'administrator', SYSTEM_NODE_ID);
    ({ base, browser, page } = await openAdmin(t));
  });
  afterAll(() => closeAdmin(browser, t));

  it("says on the open card that a colleague changed the record, but not after the reader's own change", async () => {
    const customer = await createCustomer(t, t.adminToken, { name: 'Horák Jan', city: 'Zlín' });
    const connected = streaming(page);
    await page.goto(`${base}/admin/r/customers/${customer.id}`);
    await connected;
    const notice = page.locator('#live-notice');

    await change(t.adminToken, customer.id, { city: 'Vsetín' });
    await page.waitForTimeout(2500);
    expect(await notice.isVisible()).toBe(false);

    await change(eva.token, customer.id, { phone: '+420601123456' });
    await notice.waitFor({ state: 'visible', timeout: 5000 });
    expect(await notice.textContent()).toContain('This record was changed by someone else — reload');
    await notice.getByRole('link', { name: 'Reload' }).click();
    expect(await page.locator('.card-fields').textContent()).toContain('+420601123456');
  });

  it('says on the open list that it has changed when a colleague adds a customer', async () => {
    const connected = streaming(page);
    await page.goto(`${base}/admin/r/customers`);
    await connected;
    const notice = page.locator('#live-notice');
    expect(await notice.isVisible()).toBe(false);
    await createCustomer(t, eva.token, { name: 'Nováková Eva' });
    await notice.waitFor({ state: 'visible', timeout: 5000 });
    expect(await notice.textContent()).toContain('The list has changed');
    await notice.getByRole('link', { name: 'Reload' }).click();
    expect(await page.locator('#results tbody').textContent()).toContain('Nováková Eva');
  });
});
