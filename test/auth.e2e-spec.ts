import { startTestApp, TestApp, bearer, ADMIN } from './setup/harness.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ auth: { maxFailuresPerAccount: 3, maxFailuresPerAddress: 50 } });
  });
  afterAll(() => t?.close());

  it('refuses requests without a valid token', async () => {
    expect((await t.http().get('/api/me')).status).toBe(401);
    expect((await t.http().get('/api/me').set(bearer('cls_nonsense'))).status).toBe(401);
  });

  it('logout revokes the token', async () => {
    const token = await t.login(ADMIN.email, ADMIN.password);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(200);
    expect((await t.http().post('/api/auth/logout').set(bearer(token))).status).toBe(204);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(401);
  });

  it('rate-limits failed sign-ins per account', async () => {
    await t.user('victim@test.local', { password: 'right-password' });
    for (let i = 0; i < 3; i++) {
      const res = await t.http().post('/api/auth/login').send({ email: 'victim@test.local', password: 'wrong' });
      expect(res.status).toBe(401);
    }
    const limited = await t.http().post('/api/auth/login').send({ email: 'victim@test.local', password: 'right-password' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
  });

  it('deactivating a user stops their tokens at once', async () => {
    const { id, token } = await t.user('leaver@test.local');
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(200);
    const res = await t.http().patch(`/api/users/${id}`).set(bearer(t.adminToken)).send({ isActive: false });
    expect(res.status).toBe(200);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(401);
    const again = await t.http().post('/api/auth/login').send({ email: 'leaver@test.local', password: 'user-password-1' });
    expect(again.status).toBe(401);
  });

  it('API keys act as their user until revoked, and are stored only hashed', async () => {
    const { token } = await t.user('integrator@test.local');
    const created = await t.http().post('/api/auth/api-keys').set(bearer(token)).send({ name: 'billing sync' });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const me = await t.http().get('/api/me').set(bearer(key));
    expect(me.body.email).toBe('integrator@test.local');
    const list = await t.http().get('/api/auth/api-keys').set(bearer(token));
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(key);
    const revoked = await t.http().delete(`/api/auth/api-keys/${list.body.items[0].id}`).set(bearer(token));
    expect(revoked.status).toBe(204);
    expect((await t.http().get('/api/me').set(bearer(key))).status).toBe(401);
  });

  it('an account created without a password is activated with its token', async () => {
    const created = await t.http().post('/api/users').set(bearer(t.adminToken)).send({ email: 'new@test.local', displayName: 'New' });
    expect(created.status).toBe(201);
    expect(created.body.activationToken).toMatch(/^cla_/);
    expect((await t.http().post('/api/auth/login').send({ email: 'new@test.local', password: 'chosen-password' })).status).toBe(401);
    const activated = await t.http().post('/api/auth/activate').send({ token: created.body.activationToken, password: 'chosen-password' });
    expect(activated.status).toBe(204);
    expect(await t.login('new@test.local', 'chosen-password')).toMatch(/^cls_/);
    const reused = await t.http().post('/api/auth/activate').send({ token: created.body.activationToken, password: 'another-password' });
    expect(reused.status).toBe(400);
  });

  it('only users who may manage users create them', async () => {
    const { token } = await t.user('plain@test.local');
    const res = await t.http().post('/api/users').set(bearer(token)).send({ email: 'x@test.local', displayName: 'X' });
    expect(res.status).toBe(404);
  });

  it('records user changes in history', async () => {
    const { id } = await t.user('tracked@test.local');
    await t.http().patch(`/api/users/${id}`).set(bearer(t.adminToken)).send({ displayName: 'Tracked Person' });
    const history = await t.http().get(`/api/history?filter[entityType]=user&filter[entityId]=${id}`).set(bearer(t.adminToken));
    expect(history.body.items.map((h: any) => h.action)).toEqual(['update', 'create']);
    expect(history.body.items[0].changes.displayName).toEqual({ before: 'tracked', after: 'Tracked Person' });
    expect(JSON.stringify(history.body)).not.toMatch(/argon2/);
  });
});
