import { startTestApp, TestApp, bearer } from './setup/harness.js';

/** Whatever a client sends, the answer is a 4xx in the one error shape — never a 500. */
describe('bad input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const expectShape = (body: any, status: number, code: string) => {
    expect(body).toMatchObject({ statusCode: status, code });
    expect(typeof body.message).toBe('string');
  };

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{"email":');
    expect(res.status).toBe(400);
    expectShape(res.body, 400, 'MALFORMED_JSON');
  });

  it('an unknown field → 400 naming the field', async () => {
    const res = await t
      .http()
      .post('/api/users')
      .set(bearer(t.adminToken))
      .send({ email: 'a@b.cz', displayName: 'A', isAdmin: true });
    expect(res.status).toBe(400);
    expectShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'isAdmin', code: 'UNKNOWN_FIELD' })]);
  });

  it('a wrong type → 400 naming the field', async () => {
    const res = await t.http().post('/api/users').set(bearer(t.adminToken)).send({ email: 'a@b.cz', displayName: 42 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'displayName', code: 'IS_STRING' })]);
  });

  it('a huge body → 413', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'x'.repeat(2_000_000) }));
    expect(res.status).toBe(413);
    expectShape(res.body, 413, 'BODY_TOO_LARGE');
  });

  it('a content type the API does not speak → 415', async () => {
    const res = await t.http().post('/api/auth/login').set('content-type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expectShape(res.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a malformed id → 400 INVALID_ID; an unknown one → 404', async () => {
    const bad = await t.http().get('/api/users/not-a-uuid').set(bearer(t.adminToken));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'id', code: 'INVALID_ID' });
    const missing = await t.http().get('/api/users/01900000-0000-7000-8000-000000000000').set(bearer(t.adminToken));
    expect(missing.status).toBe(404);
    expectShape(missing.body, 404, 'NOT_FOUND');
  });

  it('bad paging, sorting and filters → 400 naming the parameter', async () => {
    const cases: [string, string, string][] = [
      ['/api/users?limit=0', 'limit', 'MIN'],
      ['/api/users?limit=abc', 'limit', 'IS_INT'],
      ['/api/users?sort=password', 'sort', 'UNKNOWN_SORT'],
      ['/api/users?filter[secret]=1', 'filter[secret]', 'UNKNOWN_FILTER'],
      ['/api/users?cursor=garbage', 'cursor', 'INVALID_CURSOR'],
      ['/api/history?filter[at][gte]=not-a-date', '', 'INVALID_VALUE'],
      ['/api/history?filter[entityId]=nope', 'filter[entityId]', 'INVALID_ID'],
      ['/api/users?filter[isActive]=maybe', 'filter[isActive]', 'INVALID_FILTER'],
    ];
    for (const [url, field, code] of cases) {
      const res = await t.http().get(url).set(bearer(t.adminToken));
      expect([url, res.status]).toEqual([url, 400]);
      if (field) expect(res.body.details[0]).toMatchObject({ field, code });
      else expect(res.body.code).toBe(code);
    }
  });

  it('text the database cannot store (NUL, a lone surrogate) → 400 naming the field, in a body, a nested value, a query and a path', async () => {
    const cases: [() => any, string][] = [
      [
        () =>
          t.http().post('/api/users').set(bearer(t.adminToken)).send({ email: 'nul@b.cz', displayName: 'A\u0000B' }),
        'displayName',
      ],
      [
        () =>
          t.http().post('/api/users').set(bearer(t.adminToken)).send({ email: 'half@b.cz', displayName: 'A\uD800' }),
        'displayName',
      ],
      [
        () => t.http().post('/api/users').set(bearer(t.adminToken)).send({ email: 'low@b.cz', displayName: '\uDC00A' }),
        'displayName',
      ],
      [
        () =>
          t
            .http()
            .patch('/api/me/preferences')
            .set(bearer(t.adminToken))
            .send({ preferences: { views: ['ok', 'x\u0000'] } }),
        'preferences.views.1',
      ],
      [() => t.http().get('/api/users?q=%00').set(bearer(t.adminToken)), 'q'],
      [() => t.http().get('/api/users/%00').set(bearer(t.adminToken)), 'id'],
    ];
    for (const [send, field] of cases) {
      const res = await send();
      expect([field, res.status]).toEqual([field, 400]);
      expect(res.body.details[0]).toMatchObject({ field, code: 'INVALID_CHARACTERS' });
    }
  });

  it('a character outside the Basic Multilingual Plane (a whole surrogate pair) is stored as sent', async () => {
    const res = await t
      .http()
      .post('/api/users')
      .set(bearer(t.adminToken))
      .send({ email: 'emoji@b.cz', displayName: 'Jan 😀 Novák' });
    expect(res.status).toBe(201);
    expect(res.body.user.displayName).toBe('Jan 😀 Novák');
  });

  it('a group or role owned by a node that does not exist → 404, for a master admin too', async () => {
    const nowhere = '01900000-0000-7000-8000-00000000beef';
    const group = await t
      .http()
      .post('/api/user-groups')
      .set(bearer(t.adminToken))
      .send({ name: 'Ghosts', ownerNodeId: nowhere });
    expect(group.status).toBe(404);
    expectShape(group.body, 404, 'NOT_FOUND');
    const role = await t
      .http()
      .post('/api/roles')
      .set(bearer(t.adminToken))
      .send({ code: 'ghost', name: 'Ghost', permissions: [], ownerNodeId: nowhere });
    expect(role.status).toBe(404);
  });

  it('unknown routes → 404 in the same shape', async () => {
    const res = await t.http().get('/api/no-such-thing').set(bearer(t.adminToken));
    expect(res.status).toBe(404);
    expectShape(res.body, 404, 'NOT_FOUND');
  });

  it('a stale version → 409 with the current version, and nothing is overwritten', async () => {
    const created = await t
      .http()
      .post('/api/roles')
      .set(bearer(t.adminToken))
      .send({ code: 'viewer', name: 'Viewer', permissions: ['core.history.read'] });
    expect(created.status).toBe(201);
    const first = await t
      .http()
      .patch(`/api/roles/${created.body.id}`)
      .set(bearer(t.adminToken))
      .send({ version: created.body.version, name: 'Reader' });
    expect(first.status).toBe(200);
    const stale = await t
      .http()
      .patch(`/api/roles/${created.body.id}`)
      .set(bearer(t.adminToken))
      .send({ version: created.body.version, name: 'Lost' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: first.body.version });
    const now = await t.http().get(`/api/roles/${created.body.id}`).set(bearer(t.adminToken));
    expect(now.body.name).toBe('Reader');
  });
});
