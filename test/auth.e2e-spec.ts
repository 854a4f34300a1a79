import { randomUUID } from 'node:crypto';
import pg from 'pg';
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

  describe('tokens resolved in memory', () => {
    // Another process or a tool: a connection of its own, outside the server's pool.
    let other: pg.Client;
    beforeAll(async () => {
      other = new pg.Client({ connectionString: t.databaseUrl });
      await other.connect();
    });
    afterAll(() => other?.end());

    const status = async (token: string) => (await t.http().get('/api/me').set(bearer(token))).status;
    async function eventually(token: string, expected: number) {
      for (let i = 0; i < 100 && (await status(token)) !== expected; i++) await new Promise((r) => setTimeout(r, 20));
      return status(token);
    }

    it('are kept between requests: a change nobody announces is not seen', async () => {
      const { id, token } = await t.user('kept@test.local');
      expect(await status(token)).toBe(200);
      await other.query('BEGIN');
      await other.query('ALTER TABLE users DISABLE TRIGGER users_changed');
      await other.query('UPDATE users SET is_active = false WHERE id = $1', [id]);
      await other.query('ALTER TABLE users ENABLE TRIGGER users_changed');
      await other.query('COMMIT');
      expect(await status(token)).toBe(200);
      // Once the database announces a change, the next requests resolve the token again.
      await other.query(`SELECT pg_notify('clientele_auth_changes', 'test')`);
      expect(await eventually(token, 401)).toBe(401);
    });

    it('are resolved on every request when auth.rememberTokens is false', async () => {
      const uncached = await startTestApp({ auth: { rememberTokens: false } }, { databaseUrl: t.databaseUrl });
      try {
        const { id, token } = await t.user('never-kept@test.local');
        const statusThere = async () => (await uncached.http().get('/api/me').set(bearer(token))).status;
        expect(await statusThere()).toBe(200);
        await other.query('BEGIN');
        await other.query('ALTER TABLE users DISABLE TRIGGER users_changed');
        await other.query('UPDATE users SET is_active = false WHERE id = $1', [id]);
        await other.query('ALTER TABLE users ENABLE TRIGGER users_changed');
        await other.query('COMMIT');
        expect(await statusThere()).toBe(401);
      } finally {
        await uncached.close();
      }
    });

    it('are forgotten when another process revokes the token, deactivates the user or deletes their home node', async () => {
      const revoked = await t.user('revoked-elsewhere@test.local');
      expect(await status(revoked.token)).toBe(200);
      await other.query(`UPDATE auth_tokens SET revoked_at = now() WHERE user_id = $1`, [revoked.id]);
      expect(await eventually(revoked.token, 401)).toBe(401);

      const deactivated = await t.user('deactivated-elsewhere@test.local');
      expect(await status(deactivated.token)).toBe(200);
      await other.query(`UPDATE users SET is_active = false WHERE id = $1`, [deactivated.id]);
      expect(await eventually(deactivated.token, 401)).toBe(401);

      const home = randomUUID();
      await other.query(`INSERT INTO scope_nodes (id, kind, parent_id, path, label)
        SELECT $1, 'test-home', s.id, ARRAY[s.id, $1::uuid], 'Home' FROM scope_nodes s WHERE s.kind = 'system'`, [home]);
      const homed = await t.user('homed-elsewhere@test.local', { homeNodeId: home });
      expect(await eventually(homed.token, 200)).toBe(200);
      await other.query(`UPDATE scope_nodes SET disabled_at = now() WHERE id = $1`, [home]);
      expect(await eventually(homed.token, 401)).toBe(401);
      await other.query(`UPDATE scope_nodes SET disabled_at = NULL WHERE id = $1`, [home]);
      expect(await eventually(homed.token, 200)).toBe(200);
    });
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
    expect(res.status).toBe(403);
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
