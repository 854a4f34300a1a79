import { inflateSync } from 'node:zlib';
import { bearer } from '../../../test/setup/harness.js';
import { grant } from '../../contacts/test/helpers.js';
import { arrived, eventually, startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

/** The text of a PDF's streams, inflated: where the fonts' ToUnicode maps name every letter used. */
function inflatedStreams(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const parts: string[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index! + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      parts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not every stream is deflated (the embedded font program is one we need not read).
    }
  }
  return parts.join('\n');
}

describe('the service settings sheet', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: Record<string, string>;
  let customer: any;
  let service: any;

  beforeAll(async () => {
    ({ t, smtp, admin, customer } = await startTemplatesApp());
    const consumers = (await t.http().get(`/api/customers/${customer.id}/consumers`).set(admin)).body.items;
    const consumer = consumers.find((c: any) => c.isDefault) ?? consumers[0];
    const created = await t
      .http()
      .post(`/api/consumers/${consumer.id}/services`)
      .set(admin)
      .send({ name: 'Připojení Žižkov', settings: { ip: '10.0.0.7', vlan: 120 } });
    expect(created.status).toBe(201);
    service = created.body;
    const sheet = await t.http().post('/api/templates').set(admin).send({
      channel: 'document',
      code: 'service-sheet',
      name: 'Nastavení služby',
      language: 'cs',
      context: 'service',
      subject: 'Nastavení služby {{service.name}}',
      text: '# Zákazník\n{{customer.name}} ({{customer.number}})\n# Adresy\nIP: {{service.settings.ip}}\nVLAN: {{service.settings.vlan}}\nПароль: ********',
    });
    expect(sheet.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('downloads as a PDF written in DejaVu with the Czech and Russian letters it needs', async () => {
    const res = await t
      .http()
      .get(`/api/services/${service.id}/settings-sheet`)
      .set(admin)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Připojení-Žižkov.pdf')}`,
    );
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('DejaVuSans');
    const streams = inflatedStreams(pdf).toLowerCase();
    // ř, ž (Czech) and р, о (Russian) in the fonts' glyph-to-Unicode maps.
    for (const letter of ['0159', '017e', '0440', '043e']) expect(streams).toContain(`<${letter}>`);
  });

  it('is not there for someone who may not read the service, and refuses a template not written for services', async () => {
    // Someone who reads services, but of another customer only.
    const stranger = await t.user('cizi@test.local');
    const theirs = await t
      .http()
      .post('/api/customers')
      .set(admin)
      .send({ name: 'Jejich', addressBookId: customer.addressBookId });
    await grant(t, stranger.id, 'administrator', theirs.body.id);
    expect((await t.http().get(`/api/services/${service.id}/settings-sheet`).set(bearer(stranger.token))).status).toBe(
      404,
    );
    const email = await t
      .http()
      .post('/api/templates')
      .set(admin)
      .send({ channel: 'email', code: 'x', name: 'X', language: 'cs', context: 'customer', subject: 'X', text: 'x' });
    const wrong = await t
      .http()
      .get(`/api/services/${service.id}/settings-sheet?templateId=${email.body.id}`)
      .set(admin);
    expect([wrong.status, wrong.body.details[0].code]).toEqual([400, 'WRONG_TEMPLATE']);
  });

  it('goes out attached to an e-mail to the customer', async () => {
    const res = await t
      .http()
      .post('/api/messages')
      .set(admin)
      .send({
        customerId: customer.id,
        addresses: ['main'],
        subject: 'Nastavení vaší služby',
        body: 'V příloze.',
        format: 'text',
        serviceSheet: { serviceId: service.id },
      });
    expect(res.status).toBe(202);
    expect(res.body.attachments).toEqual([
      expect.objectContaining({ filename: 'Připojení-Žižkov.pdf', contentType: 'application/pdf' }),
    ]);
    const sent = await eventually(
      async () => (await t.http().get(`/api/messages/${res.body.id}`).set(admin)).body,
      (m) => m.status === 'sent',
    );
    const [mail] = await arrived(smtp, sent.messageIdHeader);
    expect(mail.attachments).toEqual([{ filename: 'Připojení-Žižkov.pdf', size: sent.attachments[0].size }]);
  });

  it('refuses a service of another customer as if it were not there', async () => {
    const other = await t
      .http()
      .post('/api/customers')
      .set(admin)
      .send({ name: 'Jiný', addressBookId: customer.addressBookId, email: 'jiny@example.com' });
    const res = await t
      .http()
      .post('/api/messages')
      .set(admin)
      .send({
        customerId: other.body.id,
        addresses: ['main'],
        subject: 'Cizí',
        body: 'x',
        serviceSheet: { serviceId: service.id },
      });
    expect(res.status).toBe(404);
  });
});
