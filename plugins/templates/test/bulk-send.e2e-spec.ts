import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobWorkers, TemplateVariables, actingAs } from '@clientele/core';
import { bearer } from '../../../test/setup/harness.js';
import { createCustomer, grant } from '../../contacts/test/helpers.js';
import { BulkSends } from '../messages/bulk-sends.js';
import { MessageSender } from '../messages/message-sender.js';
import { arrived, eventually, startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

describe('sending one template to the customers of a list filter', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: Record<string, string>;
  let bookId: string;
  let templateId: string;
  const people: any[] = [];
  let company: any;
  let withoutEmail: any;
  let db: DataSource;
  let adminId: string;

  beforeAll(async () => {
    ({ t, smtp, admin, bookId } = await startTemplatesApp());
    db = t.app.get(DataSource);
    [{ id: adminId }] = await db.query(`SELECT id FROM users WHERE email = 'admin@test.local'`);
    const template = await t.http().post('/api/templates').set(admin).send({
      channel: 'email',
      code: 'news',
      name: 'News',
      language: 'cs',
      context: 'customer',
      subject: 'Novinky pro {{customer.name}}',
      html: '<p>{{customer.number}} {{service.name}}</p>{{#each contactPersons}}<i>{{name}}</i>{{/each}}',
      text: '{{customer.number}}',
    });
    templateId = template.body.id;
    for (const name of ['Adam Bulk', 'Bára Bulk', 'Cyril Bulk']) {
      people.push(
        await createCustomer(t, t.adminToken, {
          name,
          addressBookId: bookId,
          legalForm: 'person',
          email: `${name.split(' ')[0].toLowerCase()}@example.com`,
        }),
      );
    }
    await t
      .http()
      .post(`/api/customers/${people[0].id}/contact-persons`)
      .set(admin)
      .send({ name: 'Eva Malá', email: 'eva@example.com' });
    withoutEmail = await createCustomer(t, t.adminToken, {
      name: 'Dana Bulk',
      addressBookId: bookId,
      legalForm: 'person',
    });
    company = await createCustomer(t, t.adminToken, {
      name: 'Firma s.r.o.',
      addressBookId: bookId,
      email: 'firma@example.com',
      technicalEmail: 'it@firma.example',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const bulk = (body: Record<string, unknown>, headers = admin) =>
    t
      .http()
      .post('/api/messages/bulk')
      .set(headers)
      .send({ templateId, addresses: ['main'], ...body });
  const finished = (jobId: string, headers = admin) =>
    eventually(
      async () => (await t.http().get(`/api/jobs/${jobId}`).set(headers)).body,
      (job) => job.status === 'succeeded' || job.status === 'failed',
      30_000,
    );
  const messagesOf = async (customerId: string) =>
    (await t.http().get(`/api/messages?filter[customerId]=${customerId}&limit=100`).set(admin)).body.items;

  it('resolves the same values for many customers at once as for each one', async () => {
    const variables = t.get(TemplateVariables);
    const clerk = await t.user('values-clerk@test.local');
    await grant(t, clerk.id, 'administrator', people[1].id);
    const ids = [...people, withoutEmail, company].map((c) => c.id);
    for (const ctx of [await actingAs(db, adminId), await actingAs(db, clerk.id)]) {
      const many = await variables.manyValues('customer', ids, ctx);
      const one = new Map();
      for (const id of ids) {
        const values = await variables.values('customer', id, ctx).catch(() => null);
        if (values) one.set(id, values);
      }
      expect(many).toEqual(one);
    }
    const all = await variables.manyValues('customer', ids, await actingAs(db, adminId));
    expect(all.size).toBe(ids.length);
    expect((all.get(people[0].id) as any).contactPersons).toMatchObject([{ name: 'Eva Malá' }]);
    expect((all.get(people[0].id) as any).service).not.toBeNull();
  });

  it('queues the template rendered for each customer the filter finds, counts those without an address and shows progress', async () => {
    const res = await bulk({ filter: { legalForm: 'person' }, priority: 3 });
    expect(res.status).toBe(202);
    const job = await finished(res.body.jobId);
    expect(job).toMatchObject({ status: 'succeeded', progress: 4, total: 4 });
    expect(job.result).toEqual({ queued: 3, skipped: 1, notAllowed: 0 });
    expect(await messagesOf(company.id)).toEqual([]);
    expect(await messagesOf(withoutEmail.id)).toEqual([]);
    for (const person of people) {
      const [message] = await messagesOf(person.id);
      expect(message).toMatchObject({
        templateId,
        priority: 3,
        bulkSendId: res.body.jobId,
        recipients: [person.email],
      });
      expect(message.subject).toBe(`Novinky pro ${person.name}`);
      const sent = await eventually(
        async () => (await t.http().get(`/api/messages/${message.id}`).set(admin)).body,
        (m) => m.status === 'sent',
      );
      const [mail] = await arrived(smtp, sent.messageIdHeader);
      expect(mail.html).toContain(person.number);
    }
    const [first] = await messagesOf(people[0].id);
    expect(first.html).toContain('<i>Eva Malá</i>');
  });

  it('sends to every ticked address a customer has, each once', async () => {
    const res = await bulk({ q: 'Firma', addresses: ['main', 'technical', 'billing'] });
    expect((await finished(res.body.jobId)).result).toEqual({ queued: 1, skipped: 0, notAllowed: 0 });
    const [message] = await messagesOf(company.id);
    expect(message.recipients).toEqual(['firma@example.com', 'it@firma.example']);
  });

  it('sends only to customers the caller may read, and the job is theirs alone', async () => {
    const clerk = await t.user('bulk-clerk@test.local');
    await grant(t, clerk.id, 'administrator', people[2].id);
    const before = (await messagesOf(people[1].id)).length;
    const res = await bulk({ filter: { legalForm: 'person' } }, bearer(clerk.token));
    expect(res.status).toBe(202);
    const job = await finished(res.body.jobId, bearer(clerk.token));
    expect(job.result).toEqual({ queued: 1, skipped: 0, notAllowed: 0 });
    expect((await messagesOf(people[1].id)).length).toBe(before);
    const mine = (await t.http().get(`/api/messages?limit=100`).set(bearer(clerk.token))).body.items;
    expect(mine.filter((m: any) => m.bulkSendId === res.body.jobId).map((m: any) => m.customerId)).toEqual([
      people[2].id,
    ]);
    const stranger = await t.user('bulk-stranger@test.local');
    expect((await t.http().get(`/api/jobs/${res.body.jobId}`).set(bearer(stranger.token))).status).toBe(404);
  });

  it('refuses a template that is not an e-mail for customers and an unknown mailbox, naming the field', async () => {
    const sms = await t.http().post('/api/templates').set(admin).send({
      channel: 'sms',
      code: 'bulk-sms',
      name: 'SMS',
      language: 'cs',
      context: 'customer',
      text: 'Ahoj {{customer.name}}',
    });
    expect((await bulk({ templateId: sms.body.id })).body.details[0]).toMatchObject({
      field: 'templateId',
      code: 'WRONG_TEMPLATE',
    });
    expect((await bulk({ mailbox: 'boss@elsewhere.example' })).body.details[0]).toMatchObject({
      field: 'mailbox',
      code: 'UNKNOWN_MAILBOX',
    });
    expect((await bulk({ addresses: [] })).status).toBe(400);
  });

  it('queues nothing twice when a batch runs again', async () => {
    const res = await bulk({ filter: { legalForm: 'person' } });
    const job = await finished(res.body.jobId);
    expect(job.result.queued).toBe(3);
    const queued = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM pgboss.job j JOIN messages m ON m.id = (j.data->'input'->>'messageId')::uuid WHERE m.bulk_send_id = $1`,
          [res.body.jobId],
        )
      )[0].n;
    const jobsBefore = await queued();
    expect(jobsBefore).toBe(3);
    // The job run again with the same id, as a retry after its process died runs it.
    const [{ input }] = await db.query(`SELECT data->'input' AS input FROM pgboss.job WHERE id = $1`, [res.body.jobId]);
    const again = await t.get(BulkSends).run(
      input,
      { report: async () => undefined },
      {
        id: res.body.jobId,
        queue: 'templates.bulk-send',
        attempt: 2,
        actorId: adminId,
        ctx: () => actingAs(db, adminId),
      },
    );
    expect(again.queued).toBe(3);
    expect(await queued()).toBe(jobsBefore);
    const rows = await db.query(`SELECT count(*)::int AS n FROM messages WHERE bulk_send_id = $1`, [res.body.jobId]);
    expect(rows[0].n).toBe(3);
  });

  it('delivers a bulk send through the workers with a refused message retried alone', async () => {
    // The refusal must meet this send's messages: every earlier one first reaches the server.
    await eventually(
      async () => {
        const rows: { status: string; header: string }[] = await db.query(
          `SELECT status, message_id_header AS header FROM messages`,
        );
        const arrivedIds = new Set(smtp.received.map((m) => m.messageId));
        return rows.every((r) => r.status === 'sent' && arrivedIds.has(r.header));
      },
      (done) => done,
      30_000,
    );
    smtp.refuse(1);
    const res = await bulk({ filter: { legalForm: 'person' } });
    expect((await finished(res.body.jobId)).result.queued).toBe(3);
    const sent = await eventually(
      async () =>
        (await t.http().get(`/api/messages?limit=100`).set(admin)).body.items.filter(
          (m: any) => m.bulkSendId === res.body.jobId,
        ),
      // A refused attempt's record stands as sent until the server's refusal puts it back: wait for the retry.
      (messages: any[]) =>
        messages.length === 3 &&
        messages.every((m) => m.status === 'sent') &&
        messages.reduce((n, m) => n + m.attempts, 0) === 4,
      40_000,
    );
    expect(sent.map((m: any) => m.attempts).sort()).toEqual([1, 1, 2]);
    for (const message of sent) expect(await arrived(smtp, message.messageIdHeader)).toHaveLength(1);
  }, 60_000);

  it('claims a fetched batch of deliveries together and fails only the message the server refuses', async () => {
    await t.get(JobWorkers).stop();
    const ids: string[] = [];
    for (const person of people) {
      const res = await t
        .http()
        .post('/api/messages')
        .set(admin)
        .send({ customerId: person.id, templateId, addresses: ['main'] });
      ids.push(res.body.id);
    }
    smtp.refuse(1);
    const info = (id: string) => ({
      id,
      queue: 'templates.send-message',
      attempt: 1,
      actorId: null,
      ctx: () => actingAs(db, adminId),
    });
    const outcomes = await t
      .get(MessageSender)
      .sendBatch(ids.map((messageId) => ({ input: { messageId }, info: info(messageId) })));
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    const rows: { status: string; attempts: number; last_error: string | null }[] = await db.query(
      `SELECT status, attempts, last_error FROM messages WHERE id = ANY ($1::uuid[]) ORDER BY status`,
      [ids],
    );
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['queued', 1],
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(rows[0].last_error).toBeTruthy();
  });
  it('pages through customers written in one statement, each once', async () => {
    // One session: the temporary table lives in it.
    await db.transaction(async (m) => {
      await m.query(
        `CREATE TEMPORARY TABLE many_customers AS
         SELECT i, clientele_uuid_v7() AS id, 'M' || lpad(i::text, 4, '0') AS number FROM generate_series(1, 501) i`,
      );
      await m.query(
        `INSERT INTO scope_nodes (id, kind, parent_id, path, label)
         SELECT c.id, 'customer', $1, p.path || c.id, c.number FROM many_customers c, scope_nodes p WHERE p.id = $1`,
        [bookId],
      );
      await m.query(
        `INSERT INTO contacts_customers (id, number, address_book_id, name, legal_form, email)
         SELECT id, number, $1, 'Hromadný ' || number, 'company', lower(number) || '@example.com' FROM many_customers`,
        [bookId],
      );
    });
    const bulkSendId = randomUUID();
    const result = await t.get(BulkSends).run(
      { templateId, addresses: ['main'], sender: 'info@isp.example', filter: { legalForm: 'company' } },
      { report: async () => undefined },
      {
        id: bulkSendId,
        queue: 'templates.bulk-send',
        attempt: 1,
        actorId: adminId,
        ctx: () => actingAs(db, adminId),
      },
    );
    // The 501, the kit's customer and the company made first.
    expect(result).toEqual({ queued: 503, skipped: 0, notAllowed: 0 });
    const [{ messages, customers }] = await db.query(
      `SELECT count(*)::int AS messages, count(DISTINCT customer_id)::int AS customers FROM messages WHERE bulk_send_id = $1`,
      [bulkSendId],
    );
    expect([messages, customers]).toEqual([503, 503]);
  });
});
