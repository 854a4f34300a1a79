import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bearer, type TestApp } from '../../../../test/setup/harness.js';
import {
  addressBook,
  area,
  customer,
  fileTicket,
  grant,
  ok,
  staff,
  startHelpdeskApp,
} from '../../../../plugins/helpdesk/test/helpdesk-test-kit.js';
import { type Browser, closeAdmin, describeInBrowser, openAdmin, screenshotDir } from './browser.js';

describeInBrowser(
  'admin UI with the helpdesk: tickets as the landing view, saved filters, a private message, quick-request accounts, line users',
  () => {
    let t: TestApp;
    let base: string;
    let browser: Browser;
    let page: Page;
    let agent: { id: string; token: string };
    let colleague: { id: string; token: string };
    let ticket: { id: string };

    beforeAll(async () => {
      t = await startHelpdeskApp();
      const book = await addressBook(t, 'Praha');
      await ok(t, t.adminToken, 'post', '/api/sla/contracts', {
        name: 'Standard',
        defaultLevel: 'normal',
        isDefault: true,
        levels: [
          { code: 'high', name: 'High', firstResponseMinutes: 60, resolutionMinutes: 480 },
          { code: 'normal', name: 'Normal', firstResponseMinutes: 240, resolutionMinutes: 1440 },
        ],
      });
      const support = await area(t, { code: 'support', name: 'Technical support', isDefault: true });
      agent = await staff(t, 'agent@test.local', [
        ['administrator', support.id],
        ['administrator', book],
      ]);
      colleague = await staff(t, 'colleague@test.local', [
        ['administrator', support.id],
        ['administrator', book],
      ]);
      const novak = await customer(t, 'Novák s.r.o.', book);
      const pekarna = await customer(t, 'Pekárna Šťastný s.r.o.', book);
      ticket = await fileTicket(t, agent.token, {
        subject: 'Internet drops every evening',
        customerId: novak.id,
        severity: 'high',
      });
      const open = await fileTicket(t, agent.token, { subject: 'Router lights blinking red', customerId: pekarna.id });
      await ok(t, agent.token, 'post', `/api/tickets/${open.id}/state`, { version: open.version, state: 'open' }, 200);
      await fileTicket(t, agent.token, {
        subject: 'Invoice shows the wrong tariff',
        customerId: pekarna.id,
        severity: 'low',
      });
      await ok(t, agent.token, 'post', `/api/tickets/${ticket.id}/messages`, {
        body: 'We are measuring the line tonight.',
      });
      await ok(t, colleague.token, 'post', `/api/tickets/${ticket.id}/messages`, {
        body: 'The customer owes for March, careful',
        private: true,
        addresseeId: colleague.id,
      });

      ({ base, browser, page } = await openAdmin(t, {
        as: { email: 'agent@test.local', password: 'user-password-1' },
      }));
    });
    afterAll(() => closeAdmin(browser, t));

    it('opens the ticket list after sign-in once the user chose it, sorted by SLA deadline', async () => {
      await page.goto(`${base}/admin/settings`);
      await page.locator('#landing').selectOption('resource:tickets');
      await page
        .locator('form')
        .filter({ has: page.locator('#landing') })
        .getByRole('button')
        .first()
        .click();
      await page.goto(`${base}/admin`);
      expect(new URL(page.url()).pathname).toBe('/admin/r/tickets');
      await page.getByText('Internet drops every evening').waitFor();
      await page.screenshot({ path: join(screenshotDir, 'helpdesk-tickets.png'), fullPage: true });
      const me = await t.http().get('/api/me').set(bearer(agent.token));
      expect(me.body.preferences.admin.landing).toBe('resource:tickets');
    });

    it('keeps a named list filter, through the admin and the API', async () => {
      await page.goto(`${base}/admin/r/tickets?filter%5Bstate%5D=open`);
      await page.getByText('Router lights blinking red').waitFor();
      expect(await page.getByText('Internet drops every evening').count()).toBe(0);
      await page.locator('details.saved summary').click();
      await page.getByLabel('Save the current search as').fill('Open tickets');
      await page.locator('details.saved').getByRole('button', { name: 'Save' }).click();
      await page.goto(`${base}/admin/r/tickets`);
      await page.locator('details.saved summary').click();
      await page.locator('details.saved').getByText('Open tickets').waitFor();
      const me = await t.http().get('/api/me').set(bearer(agent.token));
      expect(me.body.preferences.admin.savedFilters.tickets).toEqual([
        expect.objectContaining({ name: 'Open tickets' }),
      ]);
    });

    it('shows a ticket with its messages: a private one arrived, without its content for others than its addressee', async () => {
      await page.goto(`${base}/admin/r/tickets/${ticket.id}`);
      await page.getByRole('link', { name: 'Messages' }).click();
      await page.getByText('We are measuring the line tonight.').first().waitFor();
      expect(await page.getByText('owes for March').count()).toBe(0);
      await page.screenshot({ path: join(screenshotDir, 'helpdesk-ticket.png'), fullPage: true });
    });

    it("creates a quick-request account on the customer's card and shows its link once, then a new key once more", async () => {
      const novak = (await ok(t, agent.token, 'get', `/api/customers?q=${encodeURIComponent('Novák')}`)).items[0];
      await page.goto(`${base}/admin/r/customers/${novak.id}?tab=quick-accounts`);
      await page.locator('details.tab-create summary').click();
      const form = page.locator('details.tab-create');
      await form.getByLabel('Contact person').fill('Jana Nováková');
      await form.getByLabel('E-mail').fill('jana@novak.test');
      await form.getByRole('button', { name: 'Create' }).click();
      const link = page.getByLabel('Request form link');
      const first = await link.inputValue();
      expect(first).toMatch(new RegExp(`^${base}/helpdesk/request/[0-9a-f-]{36}\\.`));
      await page.screenshot({ path: join(screenshotDir, 'helpdesk-quick-account-created.png'), fullPage: true });
      expect((await t.http().get(new URL(first).pathname)).status).toBe(200);

      await page.getByRole('link', { name: 'Done, continue' }).click();
      expect(new URL(page.url()).searchParams.get('tab')).toBe('quick-accounts');
      expect(await page.content()).not.toContain(first.split('.').pop());
      await page.getByRole('cell', { name: 'Jana Nováková' }).waitFor();

      await page.goto(`${base}/admin/r/quick-accounts?filter%5BcustomerId%5D=${novak.id}`);
      await page.getByRole('cell', { name: 'Novák s.r.o.' }).first().waitFor();
      await page.screenshot({ path: join(screenshotDir, 'helpdesk-quick-accounts.png'), fullPage: true });
      await page.getByRole('link', { name: 'Jana Nováková' }).click();
      await page.getByRole('link', { name: 'Issue a new key' }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      const second = await page.getByLabel('Request form link').inputValue();
      expect(second).not.toBe(first);
      await page.screenshot({ path: join(screenshotDir, 'helpdesk-quick-key.png'), fullPage: true });
      expect((await t.http().get(new URL(first).pathname)).status).toBe(404);
      expect((await t.http().get(new URL(second).pathname)).status).toBe(200);
      // Seen once: the card, reloaded, does not show it, and going back to the result page finds no key.
      await page.getByRole('link', { name: 'Done, continue' }).click();
      expect(await page.content()).not.toContain(second.split('.').pop());
    });

    it('lists line users by company, disconnects one, whose next API call finds nothing', async () => {
      const line = await area(t, { code: 'partners', name: 'Partner line', isPublic: true });
      await grant(t, agent.id, 'administrator', line.id);
      const acme = await t.user('ops@acme.test');
      const globex = await t.user('it@globex.test');
      await ok(t, acme.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, { company: 'ACME Corp' });
      await ok(t, globex.token, 'post', `/api/helpdesk/areas/${line.id}/connect`, { company: 'Globex' });
      const request = await fileTicket(t, acme.token, { subject: 'Our link to you is down', areaId: line.id });
      expect((await t.http().get(`/api/tickets/${request.id}`).set(bearer(acme.token))).status).toBe(200);

      await page.goto(`${base}/admin/r/line-users?filter%5BareaId%5D=${line.id}`);
      await page.getByRole('cell', { name: 'Globex', exact: true }).waitFor();
      await page.getByRole('cell', { name: 'ACME Corp', exact: true }).waitFor();
      await page.screenshot({ path: join(screenshotDir, 'helpdesk-line-users.png'), fullPage: true });
      await page.goto(`${base}/admin/r/line-users?filter%5Bcompany%5D=acme`);
      await page.getByRole('cell', { name: 'ACME Corp', exact: true }).waitFor();
      expect(await page.getByRole('cell', { name: 'Globex', exact: true }).count()).toBe(0);

      await page.getByRole('link', { name: 'ops', exact: true }).click();
      await page.getByRole('link', { name: 'Disconnect' }).click();
      await page.screenshot({ path: join(screenshotDir, 'helpdesk-line-disconnect.png'), fullPage: true });
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByText('Disconnect: done.').waitFor();
      expect((await t.http().get(`/api/tickets/${request.id}`).set(bearer(acme.token))).status).toBe(404);
      expect((await t.http().get('/api/tickets').set(bearer(acme.token))).status).toBe(403);

      // The rest of the line's users, ticked in the list, go together.
      await page.goto(`${base}/admin/r/line-users?filter%5BareaId%5D=${line.id}&filter%5Bconnected%5D=true`);
      await page
        .getByRole('checkbox', { name: /Select/ })
        .last()
        .check();
      await page.getByLabel('With the selected').selectOption('disconnect-selected');
      await page.getByRole('button', { name: 'Go' }).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByText('Disconnect: done.').waitFor();
      expect((await t.http().get('/api/tickets').set(bearer(globex.token))).status).toBe(403);
    });
  },
);
