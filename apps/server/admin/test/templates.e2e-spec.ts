import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TestApp } from '../../../../test/setup/harness.js';
import { createCustomer } from '../../../../plugins/contacts/test/helpers.js';
import { startSmsGatewaySink } from '../../../../plugins/templates/test/sms-gateway-sink.js';
import { eventually, startTemplatesApp, type SmtpSink } from '../../../../plugins/templates/test/templates-test-kit.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir } from './browser.js';

describeInBrowser('admin UI with templates: templates, sending e-mail and SMS, the outbox', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let gateway: Awaited<ReturnType<typeof startSmsGatewaySink>>;
  let base: string;
  let browser: Browser;
  let page: Page;
  let admin: Record<string, string>;
  let customer: { id: string };

  const tabs = () => page.locator('nav.tabs a').allTextContents();
  const configure = async (values: Record<string, unknown>) => {
    const { version } = (await t.http().get('/api/settings/templates').set(admin)).body;
    const res = await t
      .http()
      .patch('/api/settings/templates')
      .set(admin)
      .send({ version, ...values });
    if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
  };

  beforeAll(async () => {
    let bookId: string;
    ({ t, smtp, admin, bookId } = await startTemplatesApp());
    gateway = await startSmsGatewaySink();
    customer = await createCustomer(t, t.adminToken, {
      name: 'Malá Eliška',
      addressBookId: bookId,
      email: 'eliska@example.com',
      mobile: '+420 602 111 222',
    });
    ({ base, browser, page } = await openAdmin(t));
  });
  afterAll(async () => {
    await closeAdmin(browser, t);
    await smtp?.close();
    await gateway?.close();
  });

  it('refuses a template with an unknown variable, naming it with its line and column', async () => {
    await page.goto(`${base}/admin/r/templates/new`);
    await page.getByLabel('Channel').selectOption('email');
    await page.getByLabel('Code').fill('outage');
    await page.getByLabel('Name').fill('Planned outage');
    await page.getByLabel('Language').fill('cs');
    await page.getByLabel('For').fill('customer');
    await page.getByLabel('Subject').fill('Odstávka pro {{customer.name}}');
    await page.getByLabel('Text body (or the SMS)').fill('Dobrý den,\nzítra od {{outage.start}} nepůjde internet.');
    await page.getByRole('button', { name: 'Create' }).click();
    const form = await page.locator('main').textContent();
    expect(form).toContain('outage.start');
    expect(form).toContain('line 2, column');
    await page.screenshot({ path: join(screenshotDir, 'templates-unknown-variable.png'), fullPage: true });
    expect((await t.http().get('/api/templates').set(admin)).body.items).toEqual([]);
  });

  it('sends an e-mail from the customer card and lists it with its delivery state', async () => {
    await page.goto(`${base}/admin/r/customers/${customer.id}?tab=messages`);
    await page.getByText('New E-mail').click();
    await page.getByRole('group', { name: "Customer's addresses" }).getByLabel('main').check();
    await page.getByLabel('Subject').fill('Vaše smlouva');
    await page.getByLabel('Text', { exact: true }).fill('Dobrý den, smlouvu posíláme.');
    await page.getByLabel('Priority').fill('5');
    await page.screenshot({ path: join(screenshotDir, 'templates-send-email.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create' }).click();
    await eventually(
      () => smtp.received,
      (mails) => mails.some((m) => m.subject === 'Vaše smlouva'),
    );
    await page.goto(`${base}/admin/r/messages`);
    const row = page.locator('tbody tr', { hasText: 'Vaše smlouva' });
    expect(await row.textContent()).toContain('eliska@example.com');
    expect(await row.textContent()).toMatch(/sent/i);
    await page.screenshot({ path: join(screenshotDir, 'templates-messages.png'), fullPage: true });
  });

  it('offers sending an SMS on the customer card only while an SMS gateway is configured', async () => {
    await page.goto(`${base}/admin/r/customers/${customer.id}`);
    expect(await tabs()).toContain('Messages');
    expect(await tabs()).not.toContain('SMS');

    await configure({ smsGatewayUrl: `${gateway.url}/send` });
    await page.goto(`${base}/admin/r/customers/${customer.id}`);
    expect(await tabs()).toContain('SMS');
    await page.getByRole('link', { name: 'SMS', exact: true }).click();
    await page.getByText('New SMS').click();
    await page.getByLabel('Text', { exact: true }).fill('Technik přijede v 10:00');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(page.url()).toBe(`${base}/admin/r/customers/${customer.id}?tab=sms`);
    const calls = await eventually(
      () => gateway.calls,
      (list) => list.length > 0,
    );
    expect(calls[0].body).toContain('Technik p');
    await page.reload();
    expect(await page.locator('.tab-body tbody tr').first().textContent()).toContain('+420602111222');
    await page.getByText('New SMS').click();
    await page.screenshot({ path: join(screenshotDir, 'templates-sms.png'), fullPage: true });

    await configure({ smsGatewayUrl: null });
    await page.goto(`${base}/admin/r/customers/${customer.id}`);
    expect(await tabs()).not.toContain('SMS');
  });
});
