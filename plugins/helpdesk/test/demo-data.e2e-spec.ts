import type { TestApp } from '../../../test/setup/harness.js';
import { HelpdeskDemoData } from '../demo-data.js';
import { addressBook, customer, ok, startHelpdeskApp } from './helpdesk-test-kit.js';

describe('helpdesk demo data', () => {
  let t: TestApp;
  let first: string;

  beforeAll(async () => {
    t = await startHelpdeskApp();
    const book = await addressBook(t, 'Praha');
    // The demo customers contacts' demo data would have made.
    for (const name of ['Dvořák Jan', 'Pekárna Šťastný s.r.o.', 'Kováčová Zuzana']) {
      const c = await customer(t, name, book);
      first ??= c.id;
    }
    await t.get(HelpdeskDemoData).seed();
  });
  afterAll(() => t?.close());

  it('brings two areas, a quick-request account and a dozen tickets with two in every state', async () => {
    const areas = await ok(t, t.adminToken, 'get', '/api/helpdesk/areas');
    expect(areas.items.map((a: any) => [a.code, a.isDefault, a.isPublic])).toEqual([
      ['partners', false, true],
      ['support', true, false],
    ]);
    const tickets = await ok(t, t.adminToken, 'get', '/api/tickets?limit=100');
    expect(tickets.total).toBe(12);
    const byState: Record<string, number> = {};
    for (const ticket of tickets.items) byState[ticket.state] = (byState[ticket.state] ?? 0) + 1;
    expect(byState).toEqual({
      new: 2,
      awaiting_authorisation: 2,
      open: 2,
      waiting_for_customer: 2,
      resolved: 2,
      closed: 2,
    });
    expect(tickets.items.every((i: any) => i.slaState)).toBe(true);
    const accounts = await ok(t, t.adminToken, 'get', `/api/customers/${first}/quick-accounts`);
    expect(accounts.items.length).toBeGreaterThanOrEqual(1);
  });
});
