import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { project, staff, startNotesApp, writeNote } from './notes-test-kit.js';

/**
 * A private note exists for its author and master admins only. The colleague here holds the
 * Administrator role on the customer — every note permission and the history right — and
 * still must not learn anything about it.
 */
describe('private notes', () => {
  let t: TestApp;
  let customer: string;
  let author: { id: string; token: string };
  let colleague: { id: string; token: string };
  let secret: any;
  let open: any;

  const list = (token: string, query: Record<string, string> = {}) =>
    t
      .http()
      .get('/api/notes')
      .query({ 'filter[nodeId]': customer, ...query })
      .set(bearer(token));

  beforeAll(async () => {
    t = await startNotesApp();
    customer = await project(t, 'Customer Dvořák');
    author = await staff(t, 'author@test.local', 'caller', customer);
    colleague = await staff(t, 'colleague@test.local', 'administrator', customer);
    open = await writeNote(t, author.token, { nodeId: customer, text: 'Prefers calls after 5 pm' });
    secret = await writeNote(t, author.token, {
      nodeId: customer,
      text: 'Suspect the customer resells the line',
      private: true,
      alert: true,
    });
    await t
      .http()
      .patch(`/api/notes/${secret.id}`)
      .set(bearer(author.token))
      .send({ version: 1, text: 'Customer resells the line, confirmed' });
  });
  afterAll(() => t?.close());

  it('is listed, counted and found for its author', async () => {
    const res = await list(author.token);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((n: any) => n.id)).toEqual([secret.id, open.id]);
    expect((await list(author.token, { q: 'resells' })).body.total).toBe(1);
  });

  it('is neither listed, counted nor found for a colleague with full rights on the customer', async () => {
    const res = await list(colleague.token);
    expect(res.body.items.map((n: any) => n.id)).toEqual([open.id]);
    expect(res.body.total).toBe(1);
    const search = await list(colleague.token, { q: 'resells' });
    expect(search.body).toMatchObject({ items: [], total: 0 });
    expect((await list(colleague.token, { 'filter[private]': 'true' })).body.total).toBe(0);
    expect((await list(colleague.token, { deleted: 'include' })).body.total).toBe(1);
    const everywhere = await t.http().get('/api/notes').set(bearer(colleague.token));
    expect(everywhere.body.items.map((n: any) => n.id)).toEqual([open.id]);
  });

  it('does not exist for the colleague: read, edit, delete, restore and history answer 404', async () => {
    const as = bearer(colleague.token);
    expect((await t.http().get(`/api/notes/${secret.id}`).set(as)).status).toBe(404);
    expect((await t.http().get(`/api/notes/${secret.id}/history`).set(as)).status).toBe(404);
    expect((await t.http().patch(`/api/notes/${secret.id}`).set(as).send({ version: 2, text: 'x' })).status).toBe(404);
    expect((await t.http().delete(`/api/notes/${secret.id}`).set(as)).status).toBe(404);
    expect((await t.http().post(`/api/notes/${secret.id}/restore`).set(as)).status).toBe(404);
  });

  it('does not pop up as an alert for the colleague', async () => {
    expect((await t.http().get(`/api/notes/alerts?node=${customer}`).set(bearer(author.token))).body.total).toBe(1);
    expect((await t.http().get(`/api/notes/alerts?node=${customer}`).set(bearer(colleague.token))).body).toMatchObject({
      items: [],
      total: 0,
    });
  });

  it('keeps its history entries out of the global history for others', async () => {
    const forColleague = await t
      .http()
      .get(`/api/history?filter[entityType]=note&filter[nodeId]=${customer}`)
      .set(bearer(colleague.token));
    expect(forColleague.status).toBe(200);
    expect(forColleague.body.items.map((h: any) => h.entityId)).toEqual([open.id]);
    expect(forColleague.body.total).toBe(1);
    expect(JSON.stringify(forColleague.body)).not.toContain('resells');
    const byId = await t.http().get(`/api/history?filter[entityId]=${secret.id}`).set(bearer(colleague.token));
    expect(byId.body).toMatchObject({ items: [], total: 0 });

    const forAuthor = await t.http().get(`/api/notes/${secret.id}/history`).set(bearer(author.token));
    expect(forAuthor.body.items.map((h: any) => h.action)).toEqual(['update', 'create']);
    expect(forAuthor.body.items[0].changes.text.before).toBe('Suspect the customer resells the line');
  });

  it('is seen whole by master admins', async () => {
    expect((await list(t.adminToken)).body.total).toBe(2);
    expect((await t.http().get(`/api/notes/${secret.id}/history`).set(bearer(t.adminToken))).body.total).toBe(2);
    expect(
      (await t.http().get(`/api/history?filter[entityId]=${secret.id}`).set(bearer(t.adminToken))).body.total,
    ).toBe(2);
  });

  it('takes its earlier history along when the author makes a note private or public', async () => {
    const note = await writeNote(t, author.token, { nodeId: customer, text: 'Old public wording' });
    await t
      .http()
      .patch(`/api/notes/${note.id}`)
      .set(bearer(author.token))
      .send({ version: 1, text: 'Wording about to be hidden' });
    const hidden = await t
      .http()
      .patch(`/api/notes/${note.id}`)
      .set(bearer(author.token))
      .send({ version: 2, private: true });
    expect(hidden.status).toBe(200);
    expect((await t.http().get(`/api/notes/${note.id}`).set(bearer(colleague.token))).status).toBe(404);
    const globalHidden = await t.http().get(`/api/history?filter[entityId]=${note.id}`).set(bearer(colleague.token));
    expect(globalHidden.body.total).toBe(0);

    const shown = await t
      .http()
      .patch(`/api/notes/${note.id}`)
      .set(bearer(author.token))
      .send({ version: 3, private: false });
    expect(shown.status).toBe(200);
    const history = await t.http().get(`/api/notes/${note.id}/history`).set(bearer(colleague.token));
    expect(history.body.items.map((h: any) => h.action)).toEqual(['update', 'update', 'update', 'create']);
  });
});
