import { startTestApp, TestApp, bearer } from './setup/harness.js';

describe('foundation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('answers /health', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('knows who is signed in', async () => {
    const res = await t.http().get('/api/me').set(bearer(t.adminToken));
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('admin@test.local');
  });
});
