import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@clientele/core';
import { createCustomer } from '../../contacts/test/helpers.js';
import { EventNotifications } from '../notifications/event-notifications.js';
import { arrived, eventually, startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

const SECRET = 'the router password is kvetak42';

describe("notification rules on other plugins' events", () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: Record<string, string>;
  let bookId: string;
  let ticketTemplate: string;
  let agent: { id: string };
  let members: { id: string }[];
  let desk: { id: string };
  let support: { id: string };
  let network: { id: string };

  const ok = async (method: 'get' | 'post', path: string, body?: object, status = method === 'post' ? 201 : 200) => {
    const res = await t.http()[method](path).set(admin).send(body);
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const rule = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/notification-rules')
      .set(admin)
      .send({ name: 'Rule', templateId: ticketTemplate, ...body });
  const messagesOf = async (customerId: string) =>
    (await t.http().get(`/api/messages?filter[customerId]=${customerId}&limit=100`).set(admin)).body.items;
  const recipientsOf = (items: { recipients: string[] }[]) => items.map((m) => m.recipients[0]).sort();
  /** Waits for `count` messages of the customer, all delivered, and a moment more for any that should not come. */
  const settled = async (customerId: string, count: number) => {
    await eventually(
      () => messagesOf(customerId),
      (items) => items.length >= count && items.every((m: { status: string }) => m.status === 'sent'),
    );
    await new Promise((r) => setTimeout(r, 1500));
    return messagesOf(customerId);
  };
  const newTicket = async (name: string, areaId: string) => {
    const customer = await createCustomer(t, t.adminToken, { name, addressBookId: bookId, email: 'x@example.com' });
    const ticket = await ok('post', '/api/tickets', {
      subject: `Outage at ${name}`,
      body: 'Help',
      customerId: customer.id,
      areaId,
    });
    return { customer, ticket };
  };

  beforeAll(async () => {
    ({ t, smtp, admin, bookId } = await startTemplatesApp(['sla', 'helpdesk', 'billing-groups']));
    agent = await t.user('agent@test.local');
    members = [await t.user('anna@test.local'), await t.user('bora@test.local')];
    desk = await ok('post', '/api/user-groups', { name: 'Network desk' });
    for (const member of members) await ok('post', `/api/user-groups/${desk.id}/members/${member.id}`, {}, 204);
    support = await ok('post', '/api/helpdesk/areas', {
      code: 'support',
      name: 'Support',
      isDefault: true,
      defaultAssigneeUserId: agent.id,
    });
    network = await ok('post', '/api/helpdesk/areas', {
      code: 'network',
      name: 'Network',
      defaultAssigneeGroupId: desk.id,
    });
    ticketTemplate = (
      await ok('post', '/api/templates', {
        channel: 'email',
        code: 'ticket-news',
        name: 'Ticket news',
        language: 'en',
        context: 'ticket',
        subject: 'Ticket {{ticket.number}}: {{ticket.subject}}',
        text: 'Assigned to {{ticket.assignee.name}}. Last word: {{ticket.lastMessage.text}}',
      })
    ).id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('offers the events of every enabled plugin, each with the templates and recipients it can serve', async () => {
    const events = (await ok('get', '/api/notification-rules/events')).items;
    const byType = Object.fromEntries(events.map((e: { type: string }) => [e.type, e]));
    expect(Object.keys(byType)).toEqual(
      expect.arrayContaining([
        'billing.customer_suspended',
        'billing.customer_restored',
        'customer.created',
        'sla.warning',
        'sla.breached',
        'ticket.created',
        'ticket.assigned',
        'ticket.message_added',
      ]),
    );
    expect(byType['ticket.created']).toEqual({
      type: 'ticket.created',
      plugin: 'helpdesk',
      contexts: ['ticket', 'customer'],
      recipients: ['customer', 'user', 'group', 'assignee'],
    });
    expect(byType['sla.warning']).toMatchObject({ plugin: 'sla', contexts: ['ticket'], recipients: ['user', 'group'] });
    expect(byType['billing.customer_suspended']).toMatchObject({ contexts: ['customer'] });

    expect((await rule({ eventType: 'sla.warning', recipientKind: 'assignee' })).body.details[0]).toMatchObject({
      field: 'recipientKind',
      code: 'NOT_OFFERED',
    });
    const customerTemplate = await ok('post', '/api/templates', {
      channel: 'email',
      code: 'suspended',
      name: 'Suspended',
      language: 'en',
      context: 'customer',
      subject: 'Suspended, {{customer.name}}',
      text: 'Pay please.',
    });
    const wrong = await rule({
      eventType: 'sla.warning',
      recipientKind: 'group',
      groupId: desk.id,
      templateId: customerTemplate.id,
    });
    expect(wrong.body.details[0]).toMatchObject({ field: 'templateId', code: 'WRONG_TEMPLATE' });
    const fine = await rule({
      eventType: 'billing.customer_suspended',
      recipientKind: 'customer',
      addressKind: 'main',
      templateId: customerTemplate.id,
      isActive: false,
    });
    expect(fine.status).toBe(201);
  });

  it('sends one e-mail to the assignee of a new ticket, rendered on the ticket, and none again when the event is replayed', async () => {
    expect((await rule({ eventType: 'ticket.created', recipientKind: 'assignee' })).status).toBe(201);
    const { customer, ticket } = await newTicket('Alfa s.r.o.', support.id);
    const [message] = await settled(customer.id, 1);
    expect(message).toMatchObject({
      recipients: ['agent@test.local'],
      subject: `Ticket ${ticket.number}: Outage at Alfa s.r.o.`,
    });
    const mail = await arrived(smtp, message.messageIdHeader);
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain('Assigned to agent');

    const [row] = await t
      .get(DataSource)
      .query(
        `SELECT id, type, payload, actor_id, occurred_at FROM event_outbox WHERE type = 'ticket.created' AND record_id = $1`,
        [ticket.id],
      );
    const envelope: EventEnvelope = {
      id: row.id,
      type: row.type,
      payload: row.payload,
      record: { type: 'ticket', id: ticket.id },
      actorId: row.actor_id,
      occurredAt: row.occurred_at,
    };
    await t.get(EventNotifications).notify(row.payload, envelope);
    await t.get(EventNotifications).notify(row.payload, envelope);
    expect(await messagesOf(customer.id)).toHaveLength(1);
  });

  it('sends to each member of the user group a ticket is assigned to, once each', async () => {
    const { customer } = await newTicket('Beta a.s.', network.id);
    const items = await settled(customer.id, 2);
    expect(recipientsOf(items)).toEqual(['anna@test.local', 'bora@test.local']);
    for (const message of items) expect(await arrived(smtp, message.messageIdHeader)).toHaveLength(1);
  });

  it('sends an SLA warning on a ticket to each member of a group, rendered on the ticket, and none for a clock of another kind of record', async () => {
    expect((await rule({ eventType: 'sla.warning', recipientKind: 'group', groupId: desk.id })).status).toBe(201);
    const { customer, ticket } = await newTicket('Delta s.r.o.', support.id);
    await settled(customer.id, 1);
    // The SLA plugin's breach job publishes this when 80 % of a clock's target has passed.
    const warning = (recordType: string, recordId: string): EventEnvelope => ({
      id: randomUUID(),
      type: 'sla.warning',
      payload: { recordType, recordId, clock: 'resolution', cycle: 1, percent: 80, dueAt: new Date().toISOString() },
      record: { type: recordType, id: recordId },
      actorId: null,
      occurredAt: new Date().toISOString(),
    });
    const onTicket = warning('ticket', ticket.id);
    await t.get(EventNotifications).notify(onTicket.payload as Record<string, unknown>, onTicket);
    // The same id as another kind of record's: the ticket must not be what it renders.
    const other = warning('service', ticket.id);
    await t.get(EventNotifications).notify(other.payload as Record<string, unknown>, other);
    const [row] = await t
      .get(DataSource)
      .query(`SELECT count(*)::int AS sent FROM notification_deliveries WHERE event_id = ANY($1::uuid[])`, [
        [onTicket.id, other.id],
      ]);
    expect(row.sent).toBe(2);
    // About a ticket, but concerning no customer's card: the messages are found by their recipients.
    const mails = await eventually(
      () =>
        smtp.received.filter(
          (m) => m.subject === `Ticket ${ticket.number}: Outage at Delta s.r.o.` && m.to[0] !== 'agent@test.local',
        ),
      (list) => list.length === 2,
    );
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['anna@test.local', 'bora@test.local']);
  });

  it("sends a user-group rule's e-mail to each member once per public message, and nothing for a private one", async () => {
    expect((await rule({ eventType: 'ticket.message_added', recipientKind: 'group', groupId: desk.id })).status).toBe(
      201,
    );
    const { customer, ticket } = await newTicket('Gama v.o.s.', support.id);
    await settled(customer.id, 1);
    await ok('post', `/api/tickets/${ticket.id}/messages`, { body: SECRET, private: true, addresseeId: agent.id });
    await ok('post', `/api/tickets/${ticket.id}/messages`, { body: 'A technician is on the way' });
    const items = await settled(customer.id, 3);
    const toDesk = items.filter((m: { recipients: string[] }) => m.recipients[0] !== 'agent@test.local');
    expect(recipientsOf(toDesk)).toEqual(['anna@test.local', 'bora@test.local']);
    for (const message of toDesk) {
      const [mail] = await arrived(smtp, message.messageIdHeader);
      expect(mail.text).toContain('A technician is on the way');
    }
    expect(JSON.stringify(smtp.received)).not.toContain('kvetak42');
  });
});
