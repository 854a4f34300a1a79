import type { TestApp } from '../../../test/setup/harness.js';
import {
  accountOpened,
  billingGroup,
  daysFromToday,
  gpc,
  importStatement,
  issue,
} from '../../billing-groups/test/billing-test-kit.js';
import {
  addressBook,
  area,
  customer,
  fileTicket,
  ids,
  ok,
  send,
  staff,
  startHelpdeskApp,
} from './helpdesk-test-kit.js';

const ACCOUNT = '2000145399';
const line = [{ description: 'Internet', quantity: 1, unitPriceMinor: 60000 }];

/** Every page of the list, `limit` tickets at a time, following the cursors. */
async function allPages(t: TestApp, token: string, query: string, limit: number) {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = await ok(
      t,
      token,
      'get',
      `/api/tickets?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    seen.push(...ids(page));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe("sorting tickets by the customer's payment score, while billing is enabled", () => {
  let t: TestApp;
  let clerk: { id: string; token: string };
  let agent: { id: string; token: string };
  /** Ticket ids by customer, filed in this order. */
  const tickets: Record<string, string[]> = {};

  /** Pays the customer's invoice `days` before its due date (after it when negative): that is its score. */
  async function scored(customerId: string, number: string, days: number, statement: number) {
    const dueOn = daysFromToday(-30);
    await issue(t, { customerId, issuedOn: daysFromToday(-44), dueOn, lines: line });
    await importStatement(
      t,
      'gpc',
      gpc(ACCOUNT, statement, [
        { ref: `s${statement}`, symbol: number, amountMinor: 60000, on: daysFromToday(-30 - days) },
      ]),
    );
    expect(await ok(t, t.adminToken, 'get', `/api/billing-accounts/${customerId}`)).toMatchObject({
      scoreAverage: days,
    });
  }

  beforeAll(async () => {
    t = await startHelpdeskApp(['billing-groups']);
    const book = await addressBook(t, 'Praha');
    // An address book the staff users below do not read: their lists check that rule on the sorted candidates.
    const elsewhere = await addressBook(t, 'Brno');
    await billingGroup(t, { name: 'Síť Šumperk s.r.o.', ibans: ['CZ6508000000192000145399'] });
    const support = await area(t, { code: 'support', isDefault: true });
    const reader = await ok(t, t.adminToken, 'post', '/api/roles', {
      code: 'ticket_reader',
      name: 'Ticket reader',
      permissions: ['helpdesk.ticket.read', 'contacts.customer.read'],
    });
    agent = await staff(t, 'agent@test.local', [
      ['administrator', support.id],
      ['administrator', book],
    ]);
    clerk = await staff(t, 'clerk@test.local', []);
    for (const node of [support.id, book])
      await ok(t, t.adminToken, 'post', '/api/grants', { userId: clerk.id, roleId: reader.id, nodeId: node });
    const scores: [string, number | null, string][] = [
      ['early', 5, book],
      ['late', -3, book],
      ['onTime', 0, book],
      ['unscored', null, book],
      ['inBrno', 2, elsewhere],
    ];
    for (const [name, days, addressBookId] of scores) {
      const c = await customer(t, name, addressBookId);
      const opened = await accountOpened(t, c.id);
      if (days !== null) await scored(c.id, opened.customerNumber, days, Object.keys(tickets).length + 1);
      tickets[name] = [];
      for (const n of [1, 2, 3])
        tickets[name].push((await fileTicket(t, t.adminToken, { subject: `${name} ${n}`, customerId: c.id })).id);
    }
  });
  afterAll(() => t?.close());

  const inOrder = (...names: string[]) => names.flatMap((name) => [...tickets[name]].sort());
  const inPraha = () => Object.entries(tickets).flatMap(([name, ids]) => (name === 'inBrno' ? [] : ids));

  it('puts the latest payers first, the tickets of customers without a score last', async () => {
    const page = await ok(t, t.adminToken, 'get', '/api/tickets?sort=paymentScore&limit=100');
    expect(ids(page)).toEqual(inOrder('late', 'onTime', 'inBrno', 'early', 'unscored'));
  });

  it('puts the best payers first when descending, and still the customers without a score last', async () => {
    const page = await ok(t, t.adminToken, 'get', '/api/tickets?sort=-paymentScore&limit=100');
    const byIdDescending = (name: string) => [...tickets[name]].sort().reverse();
    expect(ids(page)).toEqual(['early', 'inBrno', 'onTime', 'late', 'unscored'].flatMap(byIdDescending));
  });

  it('pages through the sorted list without a duplicate or a gap, in either direction, for staff as for the master admin', async () => {
    for (const sort of ['paymentScore', '-paymentScore']) {
      const whole = ids(await ok(t, t.adminToken, 'get', `/api/tickets?sort=${sort}&limit=100`));
      const agentsShare = whole.filter((id) => !tickets.inBrno.includes(id));
      for (const limit of [1, 2, 5]) {
        expect(await allPages(t, t.adminToken, `sort=${sort}`, limit)).toEqual(whole);
        expect(await allPages(t, agent.token, `sort=${sort}`, limit)).toEqual(agentsShare);
      }
    }
  });

  it("combines the sort with the list's filters", async () => {
    const customerId = (await ok(t, t.adminToken, 'get', `/api/tickets/${tickets.late[0]}`)).customerId;
    const filtered = await allPages(t, t.adminToken, `sort=paymentScore&filter[customerId]=${customerId}`, 2);
    expect(filtered).toEqual([...tickets.late].sort());
  });

  it("tells a user who may not read the customers' billing nothing by the order: every score counts as none", async () => {
    const page = await ok(t, clerk.token, 'get', '/api/tickets?sort=paymentScore&limit=100');
    expect(ids(page)).toEqual(inPraha().sort());
    expect(await allPages(t, clerk.token, 'sort=-paymentScore', 5)).toEqual(inPraha().sort().reverse());
  });
});

describe('the payment-score sort while billing is disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startHelpdeskApp();
  });
  afterAll(() => t?.close());

  it('refuses the sort with 400 naming `sort`, as any sort the list does not offer', async () => {
    for (const sort of ['paymentScore', '-paymentScore']) {
      const res = await send(t, t.adminToken, 'get', `/api/tickets?sort=${sort}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('"sort"');
      expect(JSON.stringify(res.body)).toContain('UNKNOWN_SORT');
    }
  });
});
