import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { bearer, type TestApp } from '../../../../test/setup/harness.js';
import {
  addressBook,
  area,
  customer,
  fileTicket,
  ok,
  staff,
  startHelpdeskApp,
} from '../../../../plugins/helpdesk/test/helpdesk-test-kit.js';
import { describeInBrowser, listen, openBrowser, screenshotDir, signIn, type Browser } from './browser.js';

describeInBrowser(
  'admin UI with the helpdesk: tickets as the landing view, saved filters, a ticket with a private message',
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

      base = await listen(t);
      browser = await openBrowser();
      page = await browser.context.newPage();
      mkdirSync(screenshotDir, { recursive: true });
      await signIn(page, base, 'agent@test.local', 'user-password-1');
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

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
  },
);
