import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer } from '../../../test/setup/harness.js';
import { createCustomer } from '../../contacts/test/helpers.js';
import { EventNotifications } from '../notifications/event-notifications.js';
import { arrived, eventually, startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

describe('notification rules on events', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: Record<string, string>;
  let bookId: string;
  let templateId: string;

  const rule = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/notification-rules')
      .set(admin)
      .send({ name: 'Welcome', eventType: 'customer.created', ...body });
  const messagesOf = async (customerId: string) =>
    (await t.http().get(`/api/messages?filter[customerId]=${customerId}`).set(admin)).body.items;

  beforeAll(async () => {
    ({ t, smtp, admin, bookId } = await startTemplatesApp());
    const template = await t.http().post('/api/templates').set(admin).send({
      channel: 'email',
      code: 'welcome',
      name: 'Welcome',
      language: 'cs',
      context: 'customer',
      subject: 'Vítejte, {{customer.name}}',
      text: 'Vaše zákaznické číslo je {{customer.number}}.',
    });
    templateId = template.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('lists the events a rule may name and refuses a rule it could not carry out, naming the field', async () => {
    // Only the enabled plugins' events: no helpdesk, SLA or billing here.
    expect((await t.http().get('/api/notification-rules/events').set(admin)).body.items).toEqual([
      {
        type: 'customer.created',
        plugin: 'contacts',
        contexts: ['customer'],
        recipients: ['customer', 'user', 'group'],
      },
    ]);
    expect(
      (await rule({ templateId, recipientKind: 'customer', eventType: 'ticket.created', addressKind: 'main' })).body
        .details[0],
    ).toMatchObject({ field: 'eventType', code: 'NOT_NOTIFIABLE' });
    expect((await rule({ templateId, recipientKind: 'assignee' })).body.details[0]).toMatchObject({
      field: 'recipientKind',
      code: 'NOT_OFFERED',
    });
    expect((await rule({ templateId, recipientKind: 'group', groupId: randomUUID() })).body.details[0]).toMatchObject({
      field: 'groupId',
      code: 'NOT_FOUND',
    });
    expect(
      (await rule({ templateId, recipientKind: 'customer', eventType: 'nothing.happened', addressKind: 'main' })).body
        .details[0],
    ).toMatchObject({
      field: 'eventType',
      code: 'NOT_NOTIFIABLE',
    });
    expect((await rule({ templateId, recipientKind: 'customer' })).body.details[0]).toMatchObject({
      field: 'addressKind',
      code: 'REQUIRED',
    });
    expect((await rule({ templateId, recipientKind: 'user', userId: randomUUID() })).body.details[0]).toMatchObject({
      field: 'userId',
    });
    expect(
      (await rule({ templateId: randomUUID(), recipientKind: 'customer', addressKind: 'main' })).body.details[0],
    ).toMatchObject({ field: 'templateId' });
  });

  it('sends the template to the new customer after the customer is created, once', async () => {
    const created = await rule({ templateId, recipientKind: 'customer', addressKind: 'main', priority: 3 });
    expect(created.status).toBe(201);
    const customer = await createCustomer(t, t.adminToken, {
      name: 'Veselá Marie',
      addressBookId: bookId,
      email: 'marie@example.com',
    });
    const [message] = await eventually(
      () => messagesOf(customer.id),
      (items) => items.length > 0 && items[0].status === 'sent',
    );
    expect(message).toMatchObject({
      recipients: ['marie@example.com'],
      subject: 'Vítejte, Veselá Marie',
      templateId,
      priority: 3,
      sender: 'info@isp.example',
    });
    const mail = await arrived(smtp, message.messageIdHeader);
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain(customer.number);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await messagesOf(customer.id)).toHaveLength(1);
  });

  it('notifies nobody twice when the same event is delivered again', async () => {
    const customer = await createCustomer(t, t.adminToken, {
      name: 'Opakovaný Karel',
      addressBookId: bookId,
      email: 'karel@example.com',
    });
    await eventually(
      () => messagesOf(customer.id),
      (items) => items.length === 1,
    );
    // The event as the queue hands it to the handler, read from core's outbox.
    const [row] = await t
      .get(DataSource)
      .query(
        `SELECT id, type, payload, record_type, record_id, actor_id, occurred_at FROM event_outbox WHERE type = 'customer.created' AND record_id = $1`,
        [customer.id],
      );
    const event = {
      id: row.id,
      type: row.type,
      payload: row.payload,
      record: { type: row.record_type, id: row.record_id },
      actorId: row.actor_id,
      occurredAt: row.occurred_at,
    };
    const notifications = t.get(EventNotifications);
    await notifications.notify(event.payload, event);
    await notifications.notify(event.payload, event);
    expect(await messagesOf(customer.id)).toHaveLength(1);
  });

  it('sends to a chosen user, and stops when the rule is switched off or deleted', async () => {
    const manager = await t.user('vedouci@test.local');
    const toUser = await rule({
      name: 'New customer to the manager',
      templateId,
      recipientKind: 'user',
      userId: manager.id,
    });
    expect(toUser.status).toBe(201);
    const customer = await createCustomer(t, t.adminToken, {
      name: 'Nový Tomáš',
      addressBookId: bookId,
      email: 'tomas@example.com',
    });
    const items = await eventually(
      () => messagesOf(customer.id),
      (list) => list.length === 2,
    );
    expect(items.map((m: any) => m.recipients[0]).sort()).toEqual(['tomas@example.com', 'vedouci@test.local']);

    const rules = (await t.http().get('/api/notification-rules').set(admin)).body.items;
    for (const r of rules) {
      const off = await t
        .http()
        .patch(`/api/notification-rules/${r.id}`)
        .set(admin)
        .send({ version: r.version, isActive: false });
      expect(off.status).toBe(200);
    }
    const stale = await t
      .http()
      .patch(`/api/notification-rules/${rules[0].id}`)
      .set(admin)
      .send({ version: rules[0].version, isActive: true });
    expect(stale.status).toBe(409);
    expect((await t.http().delete(`/api/notification-rules/${rules[0].id}`).set(admin)).status).toBe(204);
    expect((await t.http().get(`/api/notification-rules/${rules[0].id}`).set(admin)).status).toBe(404);
    expect(
      (await t.http().get(`/api/notification-rules/${rules[0].id}/history`).set(admin)).body.items.length,
    ).toBeGreaterThanOrEqual(2);
    const quiet = await createCustomer(t, t.adminToken, {
      name: 'Tichý Jan',
      addressBookId: bookId,
      email: 'jan.tichy@example.com',
    });
    await new Promise((r) => setTimeout(r, 2000));
    expect(await messagesOf(quiet.id)).toEqual([]);
  });

  it('lets only those who manage notifications write rules', async () => {
    const clerk = await t.user('referent@test.local');
    const res = await t
      .http()
      .post('/api/notification-rules')
      .set(bearer(clerk.token))
      .send({ name: 'x', eventType: 'customer.created', templateId, recipientKind: 'customer', addressKind: 'main' });
    expect([403, 404]).toContain(res.status);
  });
});
