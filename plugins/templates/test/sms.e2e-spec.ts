import { bearer } from '../../../test/setup/harness.js';
import { createCustomer } from '../../contacts/test/helpers.js';
import { startSmsGatewaySink } from './sms-gateway-sink.js';
import { eventually, startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

describe('sending SMS through an HTTP gateway', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let gateway: Awaited<ReturnType<typeof startSmsGatewaySink>>;
  let admin: Record<string, string>;
  let customer: any;

  const configure = async (values: Record<string, unknown>) => {
    const { version } = (await t.http().get('/api/settings/templates').set(admin)).body;
    const res = await t
      .http()
      .patch('/api/settings/templates')
      .set(admin)
      .send({ version, ...values });
    if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const send = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/messages/sms')
      .set(admin)
      .send({ customerId: customer.id, ...body });
  const message = async (id: string) => (await t.http().get(`/api/messages/${id}`).set(admin)).body;
  const delivered = (id: string) =>
    eventually(
      () => message(id),
      (m) => m.status === 'sent' || m.status === 'failed',
      40_000,
    );

  beforeAll(async () => {
    let bookId: string;
    ({ t, smtp, admin, bookId } = await startTemplatesApp());
    gateway = await startSmsGatewaySink();
    customer = await createCustomer(t, t.adminToken, {
      name: 'Novák Petr',
      addressBookId: bookId,
      mobile: '+420 601 123 456',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await gateway?.close();
  });

  it('refuses an SMS with 422 and says the gateway is off while none is configured', async () => {
    expect((await t.http().get('/api/sms/gateway').set(admin)).body).toEqual({ configured: false });
    const res = await send({ text: 'Ahoj' });
    expect([res.status, res.body.code]).toEqual([422, 'SMS_NOT_CONFIGURED']);
  });

  it("delivers a typed SMS to the customer's mobile through the configured call, with the token kept secret", async () => {
    await configure({
      smsGatewayUrl: `${gateway.url}/send`,
      smsGatewayPayload: '{"number": "{{to}}", "message": "{{text}}", "key": "{{token}}", "ref": "{{reference}}"}',
      smsGatewayToken: 's3cret',
      smsGatewaySuccessText: 'accepted',
    });
    const settings = (await t.http().get('/api/settings/templates').set(admin)).body;
    expect(JSON.stringify(settings)).not.toContain('s3cret');
    expect((await t.http().get('/api/sms/gateway').set(admin)).body).toEqual({ configured: true });

    const res = await send({ text: 'Technik dorazí v 10:00 – "Síť"' });
    expect(res.status).toBe(202);
    expect(res.body.items).toHaveLength(1);
    const sent = await delivered(res.body.items[0].id);
    expect(sent).toMatchObject({ status: 'sent', channel: 'sms', recipients: ['+420601123456'], attempts: 1 });
    const call = gateway.calls.at(-1)!;
    expect(call).toMatchObject({ method: 'POST', url: '/send', authorization: 'Bearer s3cret' });
    expect(JSON.parse(call.body)).toEqual({
      number: '+420601123456',
      message: 'Technik dorazí v 10:00 – "Síť"',
      key: 's3cret',
      ref: sent.id,
    });
  });

  it('renders an SMS template for the customer', async () => {
    const template = await t.http().post('/api/templates').set(admin).send({
      channel: 'sms',
      code: 'visit',
      name: 'Visit',
      language: 'cs',
      context: 'customer',
      text: 'Dobrý den, {{customer.name}}, technik přijede zítra.',
    });
    expect(template.status).toBe(201);
    const res = await send({ templateId: template.body.id });
    await delivered(res.body.items[0].id);
    expect(JSON.parse(gateway.calls.at(-1)!.body).message).toBe('Dobrý den, Novák Petr, technik přijede zítra.');
    const email = await t.http().post('/api/templates').set(admin).send({
      channel: 'email',
      code: 'visit',
      name: 'Visit',
      language: 'cs',
      context: 'customer',
      subject: 'Návštěva',
      text: 'Zítra',
    });
    expect((await send({ templateId: email.body.id })).body.details[0]).toMatchObject({
      field: 'templateId',
      code: 'WRONG_TEMPLATE',
    });
  });

  it("sends to a technician's phone, and refuses a user without one", async () => {
    const technician = await t.user('technik@test.local');
    const without = await send({ userId: technician.id, text: 'Porucha u zákazníka' });
    expect([without.status, without.body.details[0].field, without.body.details[0].code]).toEqual([
      400,
      'userId',
      'NO_PHONE',
    ]);
    const patched = await t
      .http()
      .patch('/api/me/preferences')
      .set(bearer(technician.token))
      .send({ preferences: { phone: '777 888 999' } });
    expect(patched.status).toBe(200);
    const res = await send({ userId: technician.id, text: 'Porucha u zákazníka' });
    const sent = await delivered(res.body.items[0].id);
    expect(sent.recipients).toEqual(['777888999']);
    expect(sent.customerId).toBe(customer.id);
  });

  it('splits a long text into several SMS after the configured number of characters', async () => {
    await configure({ smsSplitAfter: 20 });
    const text = 'Zítra od osmi do deseti nepůjde internet.';
    const counted = (await t.http().post('/api/sms/parts').set(admin).send({ text })).body;
    expect(counted).toMatchObject({ encoding: 'UCS-2', parts: 1, messages: 3 });
    const res = await send({ text });
    expect(res.body.items.map((m: any) => m.text)).toEqual(['Zítra od osmi do', 'deseti nepůjde', 'internet.']);
    for (const item of res.body.items) expect((await delivered(item.id)).status).toBe('sent');
    await configure({ smsSplitAfter: 0 });
  });

  it('counts characters and parts as GSM-7 or UCS-2 while the text is typed', async () => {
    const gsm = await t.http().get('/api/sms/parts').query({ text: 'Cena {tarif} 10 €' }).set(admin);
    expect(gsm.status).toBe(200);
    expect(gsm.body).toMatchObject({ characters: 20, parts: 1, encoding: 'GSM-7', messages: 1 });
    const long = (
      await t
        .http()
        .get('/api/sms/parts')
        .query({ text: 'x'.repeat(161) })
        .set(admin)
    ).body;
    expect(long).toMatchObject({ characters: 161, parts: 2 });
    expect((await t.http().get('/api/sms/parts').set(admin)).status).toBe(400);
  });

  it("retries when the gateway refuses or does not confirm, and parks the message with the gateway's answer", async () => {
    gateway.refuse(1);
    const retried = await send({ text: 'Druhý pokus' });
    const sent = await delivered(retried.body.items[0].id);
    expect([sent.status, sent.attempts]).toEqual(['sent', 2]);

    gateway.answerWith('{"status":"rejected"}');
    const parked = await send({ text: 'Nikdy nedojde' });
    const failed = await eventually(
      () => message(parked.body.items[0].id),
      (m) => m.status === 'failed' || m.attempts >= 2,
      40_000,
    );
    expect(failed.lastError).toContain('did not confirm');
    gateway.answerWith('{"status":"accepted"}');
  }, 90_000);

  it("fills a GET gateway's URL with the number and text, URL-encoded", async () => {
    await configure({ smsGatewayMethod: 'GET', smsGatewayUrl: `${gateway.url}/api?to={{to}}&msg={{text}}` });
    const res = await send({ text: 'A&B = 100 %' });
    await delivered(res.body.items[0].id);
    const url = new URL(gateway.calls.at(-1)!.url, gateway.url);
    expect([url.searchParams.get('to'), url.searchParams.get('msg')]).toEqual(['+420601123456', 'A&B = 100 %']);
  });
});
