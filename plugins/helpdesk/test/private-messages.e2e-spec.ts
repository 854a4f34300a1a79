import { DataSource } from 'typeorm';
import type { TestApp } from '../../../test/setup/harness.js';
import {
  addressBook,
  area,
  customer,
  customerPerson,
  fileTicket,
  ids,
  ok,
  send,
  staff,
  startHelpdeskApp,
} from './helpdesk-test-kit.js';

const SECRET = 'Kvetoslav owes us a favour';

describe('private messages: only the addressee reads them', () => {
  let t: TestApp;
  let ticket: { id: string };
  let author: { id: string; token: string };
  let addressee: { id: string; token: string };
  let colleague: { id: string; token: string };
  let boss: { id: string; token: string };
  let message: { id: string };

  beforeAll(async () => {
    t = await startHelpdeskApp();
    const book = await addressBook(t, 'Praha');
    const novak = await customer(t, 'Novák s.r.o.', book);
    const support = await area(t, { code: 'support', isDefault: true });
    const desk: [string, string][] = [
      ['administrator', support.id],
      ['administrator', book],
    ];
    author = await staff(t, 'author@test.local', desk);
    addressee = await staff(t, 'addressee@test.local', desk);
    colleague = await staff(t, 'colleague@test.local', desk);
    boss = await customerPerson(t, 'boss@novak.test', novak.id, 'administrator');
    ticket = await fileTicket(t, boss.token, { subject: 'Outage on Monday', customerId: novak.id });
    message = await ok(t, author.token, 'post', `/api/tickets/${ticket.id}/messages`, {
      body: SECRET,
      private: true,
      addresseeId: addressee.id,
    });
    await ok(t, author.token, 'post', `/api/tickets/${ticket.id}/messages`, { body: 'We are on it' });
  });
  afterAll(() => t?.close());

  it('shows everyone who sees the ticket that a private message arrived, when and from whom, and only the addressee its content', async () => {
    for (const reader of [author, colleague, boss]) {
      const page = await ok(t, reader.token, 'get', `/api/tickets/${ticket.id}/messages`);
      const seen = page.items.find((m: { id: string }) => m.id === message.id);
      expect(seen).toMatchObject({
        private: true,
        authorId: author.id,
        authorName: 'author',
        addresseeId: addressee.id,
        body: null,
      });
      expect(seen.createdAt).toBeTruthy();
      expect(JSON.stringify(page)).not.toContain('favour');
    }
    for (const reader of [addressee.token, t.adminToken]) {
      const page = await ok(t, reader, 'get', `/api/tickets/${ticket.id}/messages`);
      expect(page.items.find((m: { id: string }) => m.id === message.id).body).toBe(SECRET);
    }
    expect(JSON.stringify(message)).not.toContain('favour');
  });

  it('never finds a ticket by the words of a private message, for anyone', async () => {
    for (const token of [colleague.token, addressee.token, boss.token, t.adminToken]) {
      expect(ids(await ok(t, token, 'get', '/api/tickets?q=favour'))).toEqual([]);
    }
    expect(ids(await ok(t, colleague.token, 'get', '/api/tickets?q=on%20it'))).toEqual([ticket.id]);
  });

  it('keeps its content out of history for everyone but the addressee', async () => {
    const everything = (token: string) => ok(t, token, 'get', `/api/history?filter[nodeId]=${ticket.id}&limit=500`);
    const ticketHistory = (token: string) => ok(t, token, 'get', `/api/tickets/${ticket.id}/history?limit=500`);
    for (const token of [author.token, colleague.token]) {
      expect(JSON.stringify(await everything(token))).not.toContain('favour');
      expect(JSON.stringify(await ticketHistory(token))).not.toContain('favour');
    }
    const seenByColleague = await everything(colleague.token);
    expect(seenByColleague.items.some((h: { entityType: string }) => h.entityType === 'ticket_message')).toBe(true);
    expect(JSON.stringify(await everything(addressee.token))).toContain('favour');
  });

  it('announces it without its content', async () => {
    const rows: { payload: Record<string, unknown> }[] = await t
      .get(DataSource)
      .query(`SELECT payload FROM event_outbox WHERE type = 'ticket.message_added' AND payload->>'messageId' = $1`, [
        message.id,
      ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toMatchObject({
      ticketId: ticket.id,
      private: true,
      authorId: author.id,
      addresseeId: addressee.id,
      excerpt: null,
    });
    expect(JSON.stringify(rows[0].payload)).not.toContain('favour');
    const [open] = await t
      .get(DataSource)
      .query(
        `SELECT payload FROM event_outbox WHERE type = 'ticket.message_added' AND payload->>'ticketId' = $1 AND NOT (payload->>'private')::boolean`,
        [ticket.id],
      );
    expect(open.payload.excerpt).toBe('We are on it');
  });

  it("keeps it out of the ticket's template values, which refuse those who do not see the ticket", async () => {
    await ok(t, author.token, 'post', `/api/tickets/${ticket.id}/messages`, {
      body: 'Another favour, privately',
      private: true,
      addresseeId: addressee.id,
    });
    for (const token of [addressee.token, colleague.token, t.adminToken]) {
      const values = await ok(t, token, 'get', `/api/template-variables/values?context=ticket&id=${ticket.id}`);
      expect(values.ticket).toMatchObject({
        subject: 'Outage on Monday',
        state: 'new',
        lastMessage: { text: 'We are on it', author: 'author' },
      });
      expect(JSON.stringify(values)).not.toContain('favour');
    }
    const stranger = await t.user('stranger@test.local');
    expect(
      (await send(t, stranger.token, 'get', `/api/template-variables/values?context=ticket&id=${ticket.id}`)).status,
    ).toBe(404);
  });

  it('needs an addressee who exists', async () => {
    const missing = await send(t, author.token, 'post', `/api/tickets/${ticket.id}/messages`, {
      body: 'x',
      private: true,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].field).toBe('addresseeId');
    const unknown = await send(t, author.token, 'post', `/api/tickets/${ticket.id}/messages`, {
      body: 'x',
      private: true,
      addresseeId: '0190a000-0000-7000-8000-000000000000',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0]).toMatchObject({ field: 'addresseeId', code: 'UNKNOWN_USER' });
  });
});
