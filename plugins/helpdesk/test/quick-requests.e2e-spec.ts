import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/setup/harness.js';
import {
  addressBook,
  area,
  customer,
  customerPerson,
  fileTicket,
  ok,
  send,
  staff,
  startHelpdeskApp,
} from './helpdesk-test-kit.js';

describe('quick-request accounts', () => {
  let t: TestApp;
  let book: string;
  let agent: { id: string; token: string };
  let novak: Awaited<ReturnType<typeof customer>>;

  const form = (key: string) => t.http().get(`/helpdesk/request/${key}`);
  const submit = (key: string, fields: Record<string, string>) =>
    t.http().post(`/helpdesk/request/${key}`).type('form').send(fields);

  beforeAll(async () => {
    t = await startHelpdeskApp([], { helpdesk: { quickMaxFailures: 3 } });
    book = await addressBook(t, 'Praha');
    novak = await customer(t, 'Novák s.r.o.', book);
    const support = await area(t, { code: 'support', isDefault: true });
    agent = await staff(t, 'agent@test.local', [
      ['administrator', support.id],
      ['administrator', book],
    ]);
  });
  afterAll(() => t?.close());

  it("is created for a newly registered customer's contact person, without a secret until one is issued", async () => {
    let accounts: any;
    for (let i = 0; i < 100; i++) {
      accounts = await ok(t, t.adminToken, 'get', `/api/customers/${novak.id}/quick-accounts`);
      if (accounts.items.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(accounts.items).toEqual([
      expect.objectContaining({ customerId: novak.id, name: 'Novák s.r.o.', hasSecret: false }),
    ]);
    const issued = await ok(
      t,
      t.adminToken,
      'post',
      `/api/quick-accounts/${accounts.items[0].id}/rotate`,
      undefined,
      200,
    );
    expect(issued.key.startsWith(`${accounts.items[0].id}.`)).toBe(true);
    expect(issued.account.hasSecret).toBe(true);
    expect(JSON.stringify(await ok(t, t.adminToken, 'get', `/api/customers/${novak.id}/quick-accounts`))).not.toContain(
      issued.key.split('.')[1],
    );
    expect((await form(issued.key)).status).toBe(200);
  });

  it('opens a form that files requests for its customer and lists only its own requests, also after the customer is renamed', async () => {
    const { key, account } = await ok(t, agent.token, 'post', `/api/customers/${novak.id}/quick-accounts`, {
      name: 'Jana Nováková',
      email: 'jana@novak.test',
    });
    const page = await form(key);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Jana Nováková');

    const filed = await submit(key, { subject: 'Printer <b>jammed</b>', body: 'Tray 2' });
    expect(filed.status).toBe(201);
    expect(filed.text).toContain('Printer &lt;b&gt;jammed&lt;/b&gt;');
    const list = await ok(t, agent.token, 'get', `/api/tickets?filter[customerId]=${novak.id}`);
    const ticket = list.items.find((i: any) => i.quickAccountId === account.id);
    expect(ticket).toMatchObject({
      customerId: novak.id,
      requesterId: null,
      state: 'new',
      subject: 'Printer <b>jammed</b>',
    });
    const messages = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/messages`);
    expect(messages.items[0]).toMatchObject({ body: 'Tray 2', fromCustomer: true });

    // A request filed through a normal sign-in is not the quick account's.
    const boss = await customerPerson(t, 'boss@novak.test', novak.id, 'administrator');
    await fileTicket(t, boss.token, { subject: 'Filed by signing in', customerId: novak.id });
    expect((await form(key)).text).not.toContain('Filed by signing in');

    const card = await ok(t, t.adminToken, 'get', `/api/customers/${novak.id}`);
    await ok(t, t.adminToken, 'patch', `/api/customers/${novak.id}`, {
      version: card.version,
      name: 'Novák & syn s.r.o.',
    });
    const renamed = await form(key);
    expect(renamed.status).toBe(200);
    expect(renamed.text).toContain('Printer &lt;b&gt;jammed&lt;/b&gt;');
    const after = await submit(key, { subject: 'After the rename', body: 'Still works' });
    expect(after.status).toBe(201);
    const again = await ok(t, agent.token, 'get', `/api/tickets?q=${encodeURIComponent('After the rename')}`);
    expect(again.items[0]).toMatchObject({ customerId: novak.id, quickAccountId: account.id });
  });

  it('refuses an empty form with the form again', async () => {
    const { key } = await ok(t, agent.token, 'post', `/api/customers/${novak.id}/quick-accounts`, { name: 'Empty' });
    const res = await submit(key, { subject: '', body: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Fill in the subject');
  });

  it('answers a wrong, expired or rotated key alike, and locks the account after too many wrong ones', async () => {
    const { key, account } = await ok(t, agent.token, 'post', `/api/customers/${novak.id}/quick-accounts`, {
      name: 'Locked',
    });
    expect((await form('nonsense')).status).toBe(404);
    expect((await form(`${account.id}.wrong`)).status).toBe(404);
    expect((await form(`${account.id}.wrong`)).status).toBe(404);
    expect((await form(`${account.id}.wrong`)).status).toBe(404);
    expect((await form(key)).status).toBe(429);
    const rotated = await ok(t, agent.token, 'post', `/api/quick-accounts/${account.id}/rotate`, undefined, 200);
    expect((await form(key)).status).toBe(404);
    expect((await form(rotated.key)).status).toBe(200);
    await t
      .get(DataSource)
      .query(`UPDATE helpdesk_quick_accounts SET secret_expires_at = now() - interval '1 second' WHERE id = $1`, [
        account.id,
      ]);
    expect((await form(rotated.key)).status).toBe(404);
    await ok(t, agent.token, 'delete', `/api/quick-accounts/${account.id}`, undefined, 204);
    expect((await form(rotated.key)).status).toBe(404);
  });

  it('refuses an address that sent too many wrong keys, whichever accounts they named, while the right key opens from elsewhere', async () => {
    const { key } = await ok(t, agent.token, 'post', `/api/customers/${novak.id}/quick-accounts`, { name: 'Guessed' });
    const from = (address: string, path: string) =>
      t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url: path, remoteAddress: address });
    // The default limit: 20 failures per address in a quarter of an hour, each on an account of its own.
    for (let i = 0; i < 20; i++)
      expect((await from('203.0.113.9', `/helpdesk/request/${randomUUID()}.guess${i}`)).statusCode).toBe(404);
    const refused = await from('203.0.113.9', `/helpdesk/request/${key}`);
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Try again later');
    expect((await from('198.51.100.4', `/helpdesk/request/${key}`)).statusCode).toBe(200);
    // The address is refused at sign-in too: it was guessing secrets all the same.
    const signIn = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'agent@test.local', password: 'user-password-1' },
        remoteAddress: '203.0.113.9',
      });
    expect(signIn.statusCode).toBe(429);
  });

  it('lists the accounts of customers whose users the caller may see, each naming its customer, paged, with a card and history', async () => {
    const far = await customer(t, 'Dvořák a.s.', await addressBook(t, 'Ostrava'));
    const created = await ok(t, agent.token, 'post', '/api/quick-accounts', {
      customerId: novak.id,
      name: 'Petr Novák',
      email: 'petr@novak.test',
    });
    expect(created.key.startsWith(`${created.account.id}.`)).toBe(true);
    const elsewhere = await ok(t, t.adminToken, 'post', '/api/quick-accounts', {
      customerId: far.id,
      name: 'Eva Dvořáková',
    });

    const all = await ok(t, agent.token, 'get', '/api/quick-accounts?limit=100');
    expect(all.items.length).toBeGreaterThan(2);
    expect(all.items.every((a: any) => a.customerId === novak.id)).toBe(true);
    expect(all.items.find((a: any) => a.id === created.account.id)).toMatchObject({
      name: 'Petr Novák',
      customer: { id: novak.id, name: expect.stringContaining('Novák') },
    });
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ok(t, agent.token, 'get', `/api/quick-accounts?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((a: any) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all.items.map((a: any) => a.id));
    const theirs = await ok(t, t.adminToken, 'get', `/api/quick-accounts?filter[customerId]=${far.id}`);
    expect(theirs.items.map((a: any) => a.id)).toContain(elsewhere.account.id);

    // Another customer's account is not there for the agent, to read or to create.
    expect((await send(t, agent.token, 'get', `/api/quick-accounts/${elsewhere.account.id}`)).status).toBe(404);
    expect((await send(t, agent.token, 'post', '/api/quick-accounts', { customerId: far.id, name: 'x' })).status).toBe(
      404,
    );
    const card = await ok(t, agent.token, 'get', `/api/quick-accounts/${created.account.id}`);
    expect(card).toMatchObject({ id: created.account.id, hasSecret: true, customer: { id: novak.id } });
    const history = await ok(t, agent.token, 'get', `/api/quick-accounts/${created.account.id}/history`);
    expect(history.items).toHaveLength(1);
    expect(JSON.stringify([card, history])).not.toContain(created.key.split('.')[1]);
  });

  it("is managed only by those who manage the customer's users", async () => {
    const horvath = await customer(t, 'Horváth a.s.', await addressBook(t, 'Brno'));
    expect(
      (await send(t, agent.token, 'post', `/api/customers/${horvath.id}/quick-accounts`, { name: 'x' })).status,
    ).toBe(404);
    const caller = await customerPerson(t, 'caller@novak.test', novak.id, 'caller', novak.serviceId);
    expect([403, 404]).toContain(
      (await send(t, caller.token, 'post', `/api/customers/${novak.id}/quick-accounts`, { name: 'x' })).status,
    );
    const bad = await send(t, agent.token, 'post', `/api/customers/${novak.id}/quick-accounts`, {
      name: '',
      email: 'no',
    });
    expect(bad.status).toBe(400);
  });
});
