import { bearer } from '../../../test/setup/harness.js';
import { grant } from '../../contacts/test/helpers.js';
import { arrived, eventually, startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

describe('sending e-mail through the outbox', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let customer: any;
  let admin: Record<string, string>;
  let templateId: string;

  beforeAll(async () => {
    ({ t, smtp, customer, admin } = await startTemplatesApp());
    const template = await t.http().post('/api/templates').set(admin).send({
      channel: 'email',
      code: 'welcome',
      name: 'Welcome',
      language: 'cs',
      context: 'customer',
      subject: 'Vítejte, {{customer.name}}',
      html: '<p>Vaše číslo: {{customer.number}}</p>',
      text: 'Vaše číslo: {{customer.number}}',
    });
    templateId = template.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const send = (body: Record<string, unknown>, headers = admin) =>
    t
      .http()
      .post('/api/messages')
      .set(headers)
      .send({ customerId: customer.id, ...body });
  const message = async (id: string) => (await t.http().get(`/api/messages/${id}`).set(admin)).body;

  it('renders the template for the customer, delivers it once to the ticked addresses and records it as sent', async () => {
    const res = await send({ templateId, addresses: ['main', 'billing'], mailbox: 'billing@isp.example' });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('queued');
    const sent = await eventually(
      () => message(res.body.id),
      (m) => m.status === 'sent',
    );
    expect(sent.attempts).toBe(1);
    const mails = await arrived(smtp, sent.messageIdHeader);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      from: 'billing@isp.example',
      to: ['jan@example.com', 'ucetni@example.com'],
      subject: 'Vítejte, Dvořák Jan',
    });
    expect(mails[0].html).toContain(customer.number);
  });

  it('remembers the mailbox a user sent from last', async () => {
    const res = await send({ subject: 'Bez šablony', body: 'Ahoj', format: 'text', to: ['someone@example.org'] });
    const sent = await eventually(
      () => message(res.body.id),
      (m) => m.status === 'sent',
    );
    expect(sent.sender).toBe('billing@isp.example');
    expect((await arrived(smtp, sent.messageIdHeader))[0].text?.trim()).toBe('Ahoj');
  });

  it('refuses what cannot be sent, naming the field', async () => {
    expect((await send({ templateId, addresses: ['technical'] })).body.details[0]).toMatchObject({
      field: 'addresses',
      code: 'NO_ADDRESS',
    });
    expect(
      (await send({ templateId, addresses: ['main'], mailbox: 'boss@elsewhere.example' })).body.details[0],
    ).toMatchObject({
      field: 'mailbox',
      code: 'UNKNOWN_MAILBOX',
    });
    const sixAttachments = Array.from({ length: 6 }, (_, i) => ({
      filename: `f${i}.txt`,
      contentType: 'text/plain',
      data: 'aGk=',
    }));
    expect((await send({ templateId, addresses: ['main'], attachments: sixAttachments })).status).toBe(400);
    expect((await send({ templateId })).body.details[0]).toMatchObject({ code: 'NO_RECIPIENT' });
  });

  it('carries attachments', async () => {
    const bytes = Buffer.from('Smlouva č. 1');
    const data = bytes.toString('base64');
    const res = await send({
      templateId,
      addresses: ['main'],
      attachments: [{ filename: 'smlouva.txt', contentType: 'text/plain', data }],
    });
    const sent = await eventually(
      () => message(res.body.id),
      (m) => m.status === 'sent',
    );
    expect(sent.attachments).toEqual([{ filename: 'smlouva.txt', contentType: 'text/plain', size: bytes.length }]);
    expect((await arrived(smtp, sent.messageIdHeader))[0].attachments).toEqual([
      { filename: 'smlouva.txt', size: bytes.length },
    ]);
  });

  it('retries a message the server turns away and delivers it once it takes it', async () => {
    smtp.refuse(1);
    const res = await send({ templateId, addresses: ['main'] });
    // The first attempt's record stands as sent until the server's refusal (after the terminator) puts it back.
    const sent = await eventually(
      () => message(res.body.id),
      (m) => m.status === 'sent' && m.attempts === 2,
      40_000,
    );
    expect(sent.lastError).toBeNull();
    expect(await arrived(smtp, sent.messageIdHeader)).toHaveLength(1);
  }, 60_000);

  it('shows messages only to those who may read the customer', async () => {
    const stranger = await t.user('stranger@test.local');
    const list = await t.http().get('/api/messages').set(bearer(stranger.token));
    expect([200, 403]).toContain(list.status);
    if (list.status === 200) expect(list.body.items).toEqual([]);
    // A real message and one that does not exist answer alike.
    const any = (await t.http().get('/api/messages').set(admin)).body.items[0];
    const real = await t.http().get(`/api/messages/${any.id}`).set(bearer(stranger.token));
    const missing = await t
      .http()
      .get(`/api/messages/0190f0c8-4d7e-7a3c-9b1e-5f2a6c8d9e01`)
      .set(bearer(stranger.token));
    expect([real.status, real.body.code]).toEqual([missing.status, missing.body.code]);

    const clerk = await t.user('clerk@test.local');
    await grant(t, clerk.id, 'administrator', customer.id);
    const theirs = await t.http().get(`/api/messages?filter[customerId]=${customer.id}`).set(bearer(clerk.token));
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.length).toBeGreaterThan(0);
    expect(theirs.body.items.every((m: any) => m.customerId === customer.id)).toBe(true);
    // Holding the permission somewhere, a message elsewhere is simply not there.
    const other = await t
      .http()
      .post('/api/customers')
      .set(admin)
      .send({ name: 'Jiný zákazník', addressBookId: customer.addressBookId, email: 'x@example.com' });
    const elsewhere = await send({ customerId: other.body.id, templateId, addresses: ['main'] });
    expect(elsewhere.status).toBe(202);
    expect((await t.http().get(`/api/messages/${elsewhere.body.id}`).set(bearer(clerk.token))).status).toBe(404);
    const outsider = await send({ templateId, addresses: ['main'] }, bearer(stranger.token));
    expect(outsider.status).toBe(404);
  });

  it('queues nothing when the action that causes a message rolls back', async () => {
    const before = (await t.http().get('/api/messages').set(admin)).body.total;
    const res = await send({ templateId, addresses: ['main'], mailbox: 'nobody@nowhere.example' });
    expect(res.status).toBe(400);
    expect((await t.http().get('/api/messages').set(admin)).body.total).toBe(before);
  });
});
