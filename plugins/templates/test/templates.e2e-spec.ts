import { bearer } from '../../../test/setup/harness.js';
import { startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

describe('templates', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let customer: any;
  let admin: Record<string, string>;

  beforeAll(async () => {
    ({ t, smtp, customer, admin } = await startTemplatesApp());
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const create = (body: Record<string, unknown>) => t.http().post('/api/templates').set(admin).send(body);

  it('refuses a template using a variable its context does not offer, naming it with line and column', async () => {
    const res = await create({
      channel: 'email',
      code: 'welcome',
      name: 'Welcome',
      language: 'cs',
      context: 'customer',
      subject: 'Vítejte, {{customer.name}}',
      html: '<p>Dobrý den,</p>\n<p>vaše číslo je {{customer.nubmer}}</p>',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([
      expect.objectContaining({
        field: 'html',
        code: 'UNKNOWN_VARIABLE',
        variable: 'customer.nubmer',
        line: 2,
        column: 20,
      }),
    ]);
  });

  it('refuses broken syntax and partials, and a context no plugin offers', async () => {
    const base = { channel: 'email', code: 'x', name: 'X', language: 'cs', context: 'customer', subject: 'S' };
    expect((await create({ ...base, html: '{{#if customer.name}}open' })).body.details[0].code).toBe('TEMPLATE_SYNTAX');
    expect((await create({ ...base, html: '{{> layout}}' })).body.details[0].code).toBe('NOT_ALLOWED');
    const unknown = await create({ ...base, context: 'spaceship', html: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].field).toBe('context');
  });

  it('previews a template on a real customer, escaping HTML in values, and drops the compiled copy when edited', async () => {
    await t.http().patch(`/api/customers/${customer.id}`).set(admin).send({ name: 'Dvořák <b>Jan</b>' });
    const saved = await create({
      channel: 'email',
      code: 'hello',
      name: 'Hello',
      language: 'cs',
      context: 'customer',
      subject: 'Dobrý den, {{customer.name}}',
      html: '<p>{{customer.name}} — {{customer.number}}</p>{{#each contactPersons}}{{name}}{{/each}}',
    });
    expect(saved.status).toBe(201);
    const preview = await t.http().get(`/api/templates/${saved.body.id}/preview?recordId=${customer.id}`).set(admin);
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Dobrý den, Dvořák <b>Jan</b>');
    expect(preview.body.html).toBe(`<p>Dvořák &lt;b&gt;Jan&lt;/b&gt; — ${customer.number}</p>`);

    const edited = await t
      .http()
      .patch(`/api/templates/${saved.body.id}`)
      .set(admin)
      .send({ version: saved.body.version, html: '<p>Nové: {{customer.city}}</p>' });
    expect(edited.status).toBe(200);
    const again = await t.http().get(`/api/templates/${saved.body.id}/preview?recordId=${customer.id}`).set(admin);
    expect(again.body.html).toBe('<p>Nové: </p>');

    const stale = await t
      .http()
      .patch(`/api/templates/${saved.body.id}`)
      .set(admin)
      .send({ version: saved.body.version, name: 'Old' });
    expect(stale.status).toBe(409);
    const history = await t.http().get(`/api/templates/${saved.body.id}/history`).set(admin);
    expect(history.body.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(['create', 'update']));
  });

  it('reads no prototype properties and calls no helper beyond the safe built-ins', async () => {
    const base = { channel: 'email', name: 'P', language: 'cs', context: 'customer', subject: 'S' };
    const proto = await create({ ...base, code: 'proto', html: '{{customer.constructor}}{{customer.__proto__}}' });
    expect(proto.status).toBe(400);
    const helper = await create({ ...base, code: 'helper', html: '{{log customer.name}}' });
    expect(helper.status).toBe(400);
  });

  it('answers a preview on a customer the caller may not read as not found', async () => {
    const { token } = await t.user('reader@test.local');
    const list = await t.http().get('/api/templates').set(admin);
    const id = list.body.items[0].id;
    const res = await t.http().get(`/api/templates/${id}/preview?recordId=${customer.id}`).set(bearer(token));
    expect([403, 404]).toContain(res.status);
  });
});
