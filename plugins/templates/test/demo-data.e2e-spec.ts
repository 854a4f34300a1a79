import { TemplatesDemoData } from '../demo-data.js';
import { startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

describe('the templates demo data', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: Record<string, string>;
  let customer: any;

  beforeAll(async () => {
    ({ t, smtp, admin, customer } = await startTemplatesApp());
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('gives a welcome e-mail that renders for a customer and a settings sheet that prints a service', async () => {
    await t.get(TemplatesDemoData).seed();
    const templates = (await t.http().get('/api/templates').set(admin)).body.items;
    const welcome = templates.find((x: any) => x.code === 'welcome');
    const preview = await t.http().get(`/api/templates/${welcome.id}/preview?recordId=${customer.id}`).set(admin);
    expect(preview.body.subject).toBe('Vítejte, Dvořák Jan');
    expect(preview.body.text).toContain(customer.number);

    const consumers = (await t.http().get(`/api/customers/${customer.id}/consumers`).set(admin)).body.items;
    const service = (
      await t
        .http()
        .post(`/api/consumers/${consumers[0].id}/services`)
        .set(admin)
        .send({ name: 'Internet', settings: { ip: '10.1.1.1' } })
    ).body;
    const sheet = templates.find((x: any) => x.code === 'service-sheet');
    const rendered = await t.http().get(`/api/templates/${sheet.id}/preview?recordId=${service.id}`).set(admin);
    expect(rendered.body.text).toContain('ip: 10.1.1.1');
    const pdf = await t.http().get(`/api/services/${service.id}/settings-sheet`).set(admin);
    expect([pdf.status, pdf.headers['content-type']]).toEqual([200, 'application/pdf']);
  });
});
