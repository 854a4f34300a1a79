import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer } from './helpers.js';

describe('the customer card', () => {
  let t: TestApp;
  let basics: Awaited<ReturnType<typeof contactsBasics>>;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    basics = await contactsBasics(t);
  });
  afterAll(() => t?.close());

  it('creates a customer with a number, its default consumer and first service, all normalised', async () => {
    const customer = await createCustomer(t, t.adminToken, {
      name: 'Pekárna Šťastný s.r.o.',
      legalForm: 'company',
      representative: 'Šťastná Marie',
      addressBookId: basics.addressBooks[0].id,
      email: 'Info@Pekarna.cz',
      phone: '601 123 456',
      iban: 'CZ65 0800 0000 1920 0014 5399',
      bic: 'gibaczpx',
      taxIds: [
        { type: 'ico', value: '25596641' },
        { type: 'vat', value: 'cz25596641' },
        { type: 'inn', value: '7707083893' },
      ],
      gps: `49° 57' 53.19'' N, 16° 58' 25.24'' E`,
      state: 'connected',
    });
    expect(customer).toMatchObject({
      number: '000001',
      email: 'info@pekarna.cz',
      invoiceEmail: 'info@pekarna.cz',
      phone: '+420601123456',
      iban: 'CZ6508000000192000145399',
      bic: 'GIBACZPX',
      taxIds: [
        { type: 'ico', value: '25596641' },
        { type: 'vat', value: 'CZ25596641' },
        { type: 'inn', value: '7707083893' },
      ],
      state: { code: 'connected' },
      addressBook: { id: basics.addressBooks[0].id },
      version: 1,
    });
    expect(customer.latitude).toBeCloseTo(49.964775, 5);
    expect(customer.longitude).toBeCloseTo(16.9736778, 5);
    expect(customer.lastChange).toMatchObject({ by: { displayName: 'Admin' } });
    expect(customer.nameNormalized).toBeUndefined();

    const consumers = await t.http().get(`/api/customers/${customer.id}/consumers`).set(bearer(t.adminToken));
    expect(consumers.body.items).toEqual([
      expect.objectContaining({ name: 'Pekárna Šťastný s.r.o.', isDefault: true }),
    ]);
    const services = await t
      .http()
      .get(`/api/consumers/${consumers.body.items[0].id}/services`)
      .set(bearer(t.adminToken));
    expect(services.body.items).toEqual([
      expect.objectContaining({ name: 'Internet', templateId: basics.templateId, settings: { speedMbit: 100 } }),
    ]);

    const second = await createCustomer(t, t.adminToken, {
      name: 'Dvořák Jan',
      legalForm: 'person',
      billingEmail: 'bill@dvorak.cz',
      email: 'jan@dvorak.cz',
    });
    expect(second.number).toBe('000002');
    expect(second.invoiceEmail).toBe('bill@dvorak.cz');
  });

  it('refuses bad input with 400 naming the field', async () => {
    const admin = bearer(t.adminToken);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: 'X', iban: 'CZ66 0800 0000 1920 0014 5399' }, 'iban', 'INVALID_IBAN'],
      [{ name: 'X', taxIds: [{ type: 'ico', value: '25596642' }] }, 'taxIds.0.value', 'INVALID_ICO'],
      [{ name: 'X', taxIds: [{ type: 'inn', value: '7707083894' }] }, 'taxIds.0.value', 'INVALID_INN'],
      [{ name: 'X', shoeSize: 44 }, 'shoeSize', 'UNKNOWN_FIELD'],
      [{ name: 42 }, 'name', 'IS_STRING'],
      [{ city: 'Brno' }, 'name', 'IS_STRING'],
      [{ name: '' }, 'name', 'MIN_LENGTH'],
      [{ name: 'X', phone: 'call me' }, 'phone', 'INVALID_PHONE'],
      [{ name: 'X', gps: 'north-ish' }, 'gps', 'INVALID_GPS'],
      [{ name: 'X', state: 'sleeping' }, 'state', 'UNKNOWN_STATE'],
      [{ name: 'X', legalForm: 'person', representative: 'Somebody' }, 'representative', 'REPRESENTATIVE_FOR_PERSON'],
    ];
    for (const [body, field, code] of cases) {
      const res = await t.http().post('/api/customers').set(admin).send(body);
      expect({
        status: res.status,
        field: res.body.details?.[0]?.field,
        code: res.body.details?.find((d: any) => d.field === field)?.code,
      }).toEqual({ status: 400, field, code });
    }
  });

  it('answers 409 to a change made on a stale version, and keeps the history', async () => {
    const admin = bearer(t.adminToken);
    const customer = await createCustomer(t, t.adminToken, { name: 'Versioned' });
    const first = await t
      .http()
      .patch(`/api/customers/${customer.id}`)
      .set(admin)
      .send({ version: 1, city: 'Olomouc' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await t.http().patch(`/api/customers/${customer.id}`).set(admin).send({ version: 1, city: 'Brno' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const history = await t.http().get(`/api/customers/${customer.id}/history`).set(admin);
    expect(history.body.items.map((h: any) => h.action)).toEqual(['update', 'create']);
    expect(history.body.items[0].changes.city).toEqual({ before: null, after: 'Olomouc' });
  });

  it('validates custom variables against their definitions and filters by them', async () => {
    const admin = bearer(t.adminToken);
    const def = await t
      .http()
      .post('/api/customer-variables')
      .set(admin)
      .send({ key: 'contract_no', label: 'Contract', type: 'number', defaultValue: 0 });
    expect(def.status).toBe(201);
    const bad = await t
      .http()
      .post('/api/customers')
      .set(admin)
      .send({ name: 'Typed', customFields: { contract_no: 'abc' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'customFields.contract_no', code: 'NOT_NUMBER' });
    const unknown = await t
      .http()
      .post('/api/customers')
      .set(admin)
      .send({ name: 'Typed', customFields: { nope: 1 } });
    expect(unknown.body.details[0]).toMatchObject({ field: 'customFields.nope', code: 'UNKNOWN_FIELD' });
    const ok = await createCustomer(t, t.adminToken, { name: 'Typed', customFields: { contract_no: 77 } });
    expect(ok.customFields).toEqual({ contract_no: 77 });
    const defaulted = await createCustomer(t, t.adminToken, { name: 'Defaulted' });
    expect(defaulted.customFields).toEqual({ contract_no: 0 });
    const list = await t.http().get('/api/customers').query({ 'filter[custom.contract_no]': '77' }).set(admin);
    expect(list.body.items.map((c: any) => c.name)).toEqual(['Typed']);
  });

  it('returns support parameter values only to the audiences allowed to see them', async () => {
    const admin = bearer(t.adminToken);
    await t
      .http()
      .post('/api/support-parameters')
      .set(admin)
      .send({ code: 'vip', name: 'VIP', position: 1, visibleToCustomer: false, visibleToStaff: true });
    await t
      .http()
      .post('/api/support-parameters')
      .set(admin)
      .send({ code: 'hours', name: 'Hours left', position: 2, visibleToCustomer: true, visibleToStaff: false });
    const customer = await createCustomer(t, t.adminToken, { name: 'Marked' });
    for (const [code, value] of [
      ['vip', 'gold'],
      ['hours', '3'],
    ]) {
      const res = await t
        .http()
        .put(`/api/customers/${customer.id}/support-values/${code}`)
        .set(admin)
        .send({ value, color: '#ff0000' });
      expect(res.status).toBe(200);
    }
    const staff = await t.user('staff@test.local');
    const portal = await t.user('portal@test.local', { homeNodeId: customer.id });
    const { grant } = await import('./helpers.js');
    await grant(t, staff.id, 'administrator', basics.addressBooks[0].id);
    await grant(t, portal.id, 'administrator', customer.id);
    const seenByStaff = await t.http().get(`/api/customers/${customer.id}`).set(bearer(staff.token));
    expect(seenByStaff.body.supportValues).toEqual([
      expect.objectContaining({ code: 'vip', value: 'gold', color: '#ff0000' }),
    ]);
    const seenByCustomer = await t.http().get(`/api/customers/${customer.id}`).set(bearer(portal.token));
    expect(seenByCustomer.body.supportValues).toEqual([expect.objectContaining({ code: 'hours', value: '3' })]);
    const byFilter = await t
      .http()
      .get('/api/customers')
      .query({ 'filter[support.vip]': 'gold' })
      .set(bearer(staff.token));
    expect(byFilter.body.items.map((c: any) => c.name)).toEqual(['Marked']);
    const denied = await t
      .http()
      .put(`/api/customers/${customer.id}/support-values/vip`)
      .set(bearer(portal.token))
      .send({ value: 'platinum' });
    expect(denied.status).toBe(403);
  });
});
