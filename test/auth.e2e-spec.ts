import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startTestApp, TestApp, bearer, ADMIN } from './setup/harness.js';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ auth: { maxFailuresPerPair: 3, maxFailuresPerAddress: 50, maxFailuresPerAccount: 8 } });
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
      await other.query(
        `INSERT INTO scope_nodes (id, kind, parent_id, path, label)
        SELECT $1, 'test-home', s.id, ARRAY[s.id, $1::uuid], 'Home' FROM scope_nodes s WHERE s.kind = 'system'`,
        [home],
      );
      const homed = await t.user('homed-elsewhere@test.local', { homeNodeId: home });
      expect(await eventually(homed.token, 200)).toBe(200);
      await other.query(`UPDATE scope_nodes SET disabled_at = now() WHERE id = $1`, [home]);
      expect(await eventually(homed.token, 401)).toBe(401);
      await other.query(`UPDATE scope_nodes SET disabled_at = NULL WHERE id = $1`, [home]);
      expect(await eventually(homed.token, 200)).toBe(200);
    });
  });

  describe('sign-in limits', () => {
    const signIn = (email: string, password: string, from: string) =>
      t.app
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: from });

    it("an attacker's failures from one address refuse that address, not the owner signing in from another", async () => {
      await t.user('victim@test.local', { password: 'right-password' });
      for (let i = 0; i < 3; i++)
        expect((await signIn('victim@test.local', 'wrong', '203.0.113.7')).statusCode).toBe(401);
      const attacker = await signIn('victim@test.local', 'right-password', '203.0.113.7');
      expect(attacker.statusCode).toBe(429);
      expect(attacker.json().code).toBe('RATE_LIMITED');
      expect((await signIn('victim@test.local', 'right-password', '198.51.100.2')).statusCode).toBe(200);
    });

    it('wrong passwords are answered more and more slowly as an account collects failures, the right one at once', async () => {
      await t.user('slowed@test.local', { password: 'right-password' });
      const timed = async (password: string, from: string) => {
        const started = Date.now();
        const res = await signIn('slowed@test.local', password, from);
        return { status: res.statusCode, ms: Date.now() - started };
      };
      for (const from of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6'])
        await timed('wrong', from);
      // Six failures on the account, three allowed per address: the seventh wrong answer waits (6 - 3 + 1) × 150 ms.
      const later = await timed('wrong', '192.0.2.7');
      expect(later.status).toBe(401);
      expect(later.ms).toBeGreaterThanOrEqual(600);
      const owner = await timed('right-password', '198.51.100.9');
      expect(owner.status).toBe(200);
      expect(owner.ms).toBeLessThan(later.ms);
    });

    it('a far higher per-account ceiling refuses every address once failures from many reach it', async () => {
      await t.user('besieged@test.local', { password: 'right-password' });
      for (let i = 0; i < 8; i++)
        expect((await signIn('besieged@test.local', 'wrong', `192.0.2.${100 + i}`)).statusCode).toBe(401);
      expect((await signIn('besieged@test.local', 'right-password', '198.51.100.77')).statusCode).toBe(429);
    });
  });

  it('deactivating a user stops their tokens at once', async () => {
    const { id, token } = await t.user('leaver@test.local');
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(200);
    const res = await t.http().patch(`/api/users/${id}`).set(bearer(t.adminToken)).send({ isActive: false });
    expect(res.status).toBe(200);
    expect((await t.http().get('/api/me').set(bearer(token))).status).toBe(401);
    const again = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'leaver@test.local', password: 'user-password-1' });
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
    const created = await t
      .http()
      .post('/api/users')
      .set(bearer(t.adminToken))
      .send({ email: 'new@test.local', displayName: 'New' });
    expect(created.status).toBe(201);
    expect(created.body.activationToken).toMatch(/^cla_/);
    expect(
      (await t.http().post('/api/auth/login').send({ email: 'new@test.local', password: 'chosen-password' })).status,
    ).toBe(401);
    const activated = await t
      .http()
      .post('/api/auth/activate')
      .send({ token: created.body.activationToken, password: 'chosen-password' });
    expect(activated.status).toBe(204);
    expect(await t.login('new@test.local', 'chosen-password')).toMatch(/^cls_/);
    const reused = await t
      .http()
      .post('/api/auth/activate')
      .send({ token: created.body.activationToken, password: 'another-password' });
    expect(reused.status).toBe(400);
  });

  it('refuses common passwords wherever a password is chosen, naming the field', async () => {
    const created = await t
      .http()
      .post('/api/users')
      .set(bearer(t.adminToken))
      .send({ email: 'weak@test.local', displayName: 'Weak', password: 'password' });
    expect(created.status).toBe(400);
    expect(created.body.details).toEqual([expect.objectContaining({ field: 'password', code: 'COMMON_PASSWORD' })]);
    const { id, token } = await t.user('changing@test.local');
    const changed = await t.http().patch(`/api/users/${id}`).set(bearer(token)).send({ password: 'Password1' });
    expect(changed.body.details).toEqual([expect.objectContaining({ field: 'password', code: 'COMMON_PASSWORD' })]);
    const pending = await t
      .http()
      .post('/api/users')
      .set(bearer(t.adminToken))
      .send({ email: 'pending@test.local', displayName: 'Pending' });
    const activated = await t
      .http()
      .post('/api/auth/activate')
      .send({ token: pending.body.activationToken, password: '12345678' });
    expect(activated.body.details).toEqual([expect.objectContaining({ field: 'password', code: 'COMMON_PASSWORD' })]);
    expect(
      (
        await t
          .http()
          .post('/api/users')
          .set(bearer(t.adminToken))
          .send({ email: 'strong@test.local', displayName: 'Strong', password: 'vltava-kettle-93' })
      ).status,
    ).toBe(201);
  });

  it('only users who may manage users create them', async () => {
    const { token } = await t.user('plain@test.local');
    const res = await t.http().post('/api/users').set(bearer(token)).send({ email: 'x@test.local', displayName: 'X' });
    expect(res.status).toBe(403);
  });

  it('records user changes in history', async () => {
    const { id } = await t.user('tracked@test.local');
    await t.http().patch(`/api/users/${id}`).set(bearer(t.adminToken)).send({ displayName: 'Tracked Person' });
    const history = await t
      .http()
      .get(`/api/history?filter[entityType]=user&filter[entityId]=${id}`)
      .set(bearer(t.adminToken));
    expect(history.body.items.map((h: any) => h.action)).toEqual(['update', 'create']);
    expect(history.body.items[0].changes.displayName).toEqual({ before: 'tracked', after: 'Tracked Person' });
    expect(JSON.stringify(history.body)).not.toMatch(/argon2/);
  });
});
