import { PluginRegistry } from '@clientele/core';
import { seedOnce } from '../../../apps/server/seed.js';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { createCustomer, grant } from './helpers.js';

describe('where a user lands', () => {
  let t: TestApp;
  let signIns: string[];
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['contacts'] });
    signIns = (await seedOnce(t.app, t.get(PluginRegistry).plugins))!.notes;
  });
  afterAll(() => t?.close());

  const passwordOf = (email: string) =>
    signIns
      .find((line) => line.startsWith(`${email} / `))!
      .split(' / ')[1]
      .split(' ')[0];
  const landingOf = async (token: string) => (await t.http().get('/api/me/landing').set(bearer(token))).body;

  it('gives the demo customer users generated passwords, printed once', async () => {
    const admin = passwordOf('customer.admin@clientele.local');
    const caller = passwordOf('customer.caller@clientele.local');
    expect(admin).toMatch(/^\S{12,}$/);
    expect(caller).toMatch(/^\S{12,}$/);
    expect(admin).not.toBe(caller);
    expect(admin).not.toBe('demo-admin-1');
    expect(signIns.join('\n')).toContain('shown once');
  });

  it('gives every demo customer a consumer and a service', async () => {
    const admin = bearer(t.adminToken);
    const customers = (await t.http().get('/api/customers').set(admin)).body.items;
    expect(customers.length).toBeGreaterThan(0);
    for (const customer of customers) {
      const consumers = (await t.http().get(`/api/customers/${customer.id}/consumers`).set(admin)).body.items;
      expect([customer.name, consumers.length]).toEqual([customer.name, 1]);
      const services = (await t.http().get(`/api/consumers/${consumers[0].id}/services`).set(admin)).body.items;
      expect([customer.name, services.length]).toEqual([customer.name, 1]);
    }
  });

  it('lands each demo built-in role on a record that role may open', async () => {
    for (const [email, kind] of [
      ['customer.admin@clientele.local', 'customer'],
      ['customer.caller@clientele.local', 'service'],
    ] as const) {
      const token = await t.login(email, passwordOf(email));
      const landing = await landingOf(token);
      expect([email, landing.kind]).toEqual([email, kind]);
      expect([email, (await t.http().get(landing.path).set(bearer(token))).status]).toEqual([email, 200]);
    }
  });

  it('lands a user granted on services, not their consumer, on the services — one, or the list of several', async () => {
    const admin = bearer(t.adminToken);
    const book = (await t.http().post('/api/address-books').set(admin).send({ name: 'Landing' })).body;
    const customer = await createCustomer(t, t.adminToken, { name: 'Landing Co', addressBookId: book.id });
    const [consumer] = (await t.http().get(`/api/customers/${customer.id}/consumers`).set(admin)).body.items;
    const first = (await t.http().get(`/api/consumers/${consumer.id}/services`).set(admin)).body.items[0];
    const second = (await t.http().post(`/api/consumers/${consumer.id}/services`).set(admin).send({ name: 'Second' }))
      .body;

    const one = await t.user('one.service@test.local');
    await grant(t, one.id, 'administrator', first.id);
    expect(await landingOf(one.token)).toMatchObject({ kind: 'service', id: first.id });

    const two = await t.user('two.services@test.local');
    await grant(t, two.id, 'caller', first.id);
    await grant(t, two.id, 'caller', second.id);
    const landing = await landingOf(two.token);
    expect(landing).toMatchObject({ kind: 'services', path: `/api/consumers/${consumer.id}/services` });
    expect(landing.services.map((s: { id: string }) => s.id).sort()).toEqual([first.id, second.id].sort());
    const listed = await t.http().get(landing.path).set(bearer(two.token));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id).sort()).toEqual([first.id, second.id].sort());
    expect((await t.http().get(`/api/consumers/${consumer.id}`).set(bearer(two.token))).status).toBe(404);

    const onCustomer = await t.user('caller.on.customer@test.local');
    await grant(t, onCustomer.id, 'caller', customer.id);
    expect((await landingOf(onCustomer.token)).kind).toBe('services');

    expect(await landingOf(t.adminToken)).toMatchObject({ kind: 'list', path: '/api/customers' });
    const nobody = await t.user('nothing.granted@test.local');
    expect(await landingOf(nobody.token)).toMatchObject({ kind: 'list' });
  });
});
