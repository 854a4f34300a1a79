import { DataSource } from 'typeorm';
import { RetentionService, ScopeTreeService } from '@clientele/core';
import { bearer, type TestApp } from '../../../test/setup/harness.js';
import { project, staff, startNotesApp, writeNote } from './notes-test-kit.js';

describe('notes on a record', () => {
  let t: TestApp;
  let customer: string;
  let other: string;
  let author: { id: string; token: string };
  let colleague: { id: string; token: string };
  let boss: { id: string; token: string };
  let outsider: { id: string; token: string };

  beforeAll(async () => {
    t = await startNotesApp();
    customer = await project(t, 'Customer Novák');
    other = await project(t, 'Customer Horváth');
    author = await staff(t, 'author@test.local', 'caller', customer);
    colleague = await staff(t, 'colleague@test.local', 'caller', customer);
    boss = await staff(t, 'boss@test.local', 'administrator', customer);
    outsider = await staff(t, 'outsider@test.local', 'administrator', other);
  });
  afterAll(() => t?.close());

  it('records the author and the time on the server, whatever the client sends', async () => {
    const before = Date.now();
    const res = await t
      .http()
      .post('/api/notes')
      .set(bearer(author.token))
      .send({ nodeId: customer, text: 'Called about the invoice' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      nodeId: customer,
      text: 'Called about the invoice',
      private: false,
      alert: false,
      authorId: author.id,
      authorName: 'author',
      version: 1,
      deletedAt: null,
    });
    expect(new Date(res.body.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const forged = await t
      .http()
      .post('/api/notes')
      .set(bearer(author.token))
      .send({ nodeId: customer, text: 'x', authorId: boss.id });
    expect(forged.status).toBe(400);
    expect(forged.body.details).toEqual([expect.objectContaining({ field: 'authorId', code: 'UNKNOWN_FIELD' })]);
  });

  it('strips scripts and unsafe markup, keeps the safe subset, escapes plain text', async () => {
    const note = await writeNote(t, author.token, {
      nodeId: customer,
      text: '<p onclick="steal()">Owes <strong>200 EUR</strong><script>alert(1)</script></p><img src=x onerror=alert(2)><a href="javascript:alert(3)">bad</a> <a href="https://example.com/x">ok</a>',
    });
    expect(note.text).not.toMatch(/script|onclick|onerror|<img|javascript:/i);
    expect(note.text).toContain('<strong>200 EUR</strong>');
    expect(note.text).toContain(
      '<a href="https://example.com/x" rel="noopener noreferrer nofollow" target="_blank">ok</a>',
    );

    const plain = await writeNote(t, author.token, { nodeId: customer, text: 'a < b & c' });
    expect(plain.text).toBe('a &lt; b &amp; c');

    const onlyScript = await t
      .http()
      .post('/api/notes')
      .set(bearer(author.token))
      .send({ nodeId: customer, text: '<script>alert(1)</script>' });
    expect(onlyScript.status).toBe(400);
    expect(onlyScript.body.details).toEqual([expect.objectContaining({ field: 'text', code: 'EMPTY_TEXT' })]);
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ text: 'no node' }, 'nodeId'],
      [{ nodeId: 'not-a-uuid', text: 'x' }, 'nodeId'],
      [{ nodeId: customer }, 'text'],
      [{ nodeId: customer, text: 'x', private: 'yes' }, 'private'],
      [{ nodeId: customer, text: 'x', alert: 1 }, 'alert'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http().post('/api/notes').set(bearer(author.token)).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: any) => d.field)).toContain(field);
    }
    const badFilter = await t.http().get('/api/notes?filter[nodeId]=nope').set(bearer(author.token));
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.details[0].field).toBe('filter[nodeId]');
    const badId = await t.http().get('/api/notes/nope').set(bearer(author.token));
    expect(badId.status).toBe(400);
    const note = await writeNote(t, author.token, { nodeId: customer, text: 'To be changed' });
    const badVersion = await t.http().patch(`/api/notes/${note.id}`).set(bearer(author.token)).send({ text: 'x' });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.details[0].field).toBe('version');
  });

  it('follows the access of the node: no notes.read there means 404 and an empty list', async () => {
    const note = await writeNote(t, author.token, { nodeId: customer, text: 'Only for this customer' });
    expect((await t.http().get(`/api/notes/${note.id}`).set(bearer(outsider.token))).status).toBe(404);
    const list = await t.http().get(`/api/notes?filter[nodeId]=${customer}`).set(bearer(outsider.token));
    expect(list.body).toMatchObject({ items: [], total: 0 });
    const write = await t.http().post('/api/notes').set(bearer(outsider.token)).send({ nodeId: customer, text: 'x' });
    expect(write.status).toBe(404);
    const missingNode = await t
      .http()
      .post('/api/notes')
      .set(bearer(t.adminToken))
      .send({ nodeId: '0190a5b2-0000-7000-8000-000000000001', text: 'x' });
    expect(missingNode.status).toBe(404);
  });

  it('notes on a record below are readable with rights on the record above', async () => {
    const service = await project(t, 'Service of Novák', customer);
    await writeNote(t, author.token, { nodeId: service, text: 'Router replaced' });
    const list = await t.http().get(`/api/notes?filter[nodeId]=${service}`).set(bearer(colleague.token));
    expect(list.body.items.map((n: any) => n.text)).toEqual(['Router replaced']);
  });

  it('hides the notes of a deleted record and brings them back with it', async () => {
    const node = await project(t, 'Customer to be deleted');
    const note = await writeNote(t, t.adminToken, { nodeId: node, text: 'On a record about to go', alert: true });
    const manager = t.get(DataSource).manager;
    await t.get(ScopeTreeService).disableSubtree(manager, node);
    expect((await t.http().get(`/api/notes?filter[nodeId]=${node}`).set(bearer(t.adminToken))).body.total).toBe(0);
    expect((await t.http().get(`/api/notes/${note.id}`).set(bearer(t.adminToken))).status).toBe(404);
    expect((await t.http().get(`/api/notes/alerts?node=${node}`).set(bearer(t.adminToken))).status).toBe(404);
    expect((await t.http().post('/api/notes').set(bearer(t.adminToken)).send({ nodeId: node, text: 'x' })).status).toBe(
      404,
    );
    await t.get(ScopeTreeService).enableSubtree(manager, node);
    expect((await t.http().get(`/api/notes/${note.id}`).set(bearer(t.adminToken))).status).toBe(200);
  });

  it('lists newest first with keyset paging and a total', async () => {
    const node = await project(t, 'Paged customer');
    const texts = Array.from({ length: 7 }, (_, i) => `Call ${i + 1}`);
    for (const text of texts) await writeNote(t, t.adminToken, { nodeId: node, text });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t
        .http()
        .get('/api/notes')
        .query({ 'filter[nodeId]': node, limit: 3, ...(cursor ? { cursor } : {}) })
        .set(bearer(t.adminToken));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(7);
      seen.push(...res.body.items.map((n: any) => n.text));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...texts].reverse());
  });

  it('finds notes by text, ignoring accents, case and markup', async () => {
    const node = await project(t, 'Searched customer');
    await writeNote(t, t.adminToken, { nodeId: node, text: '<p>Zákazník <b>nezaplatil</b> fakturu</p>' });
    await writeNote(t, t.adminToken, { nodeId: node, text: 'Everything fine' });
    const hit = await t
      .http()
      .get('/api/notes')
      .query({ 'filter[nodeId]': node, q: 'NEZAPLATIL faktu' })
      .set(bearer(t.adminToken));
    expect(hit.body.items.map((n: any) => n.text)).toEqual(['<p>Zákazník <b>nezaplatil</b> fakturu</p>']);
    expect(hit.body.total).toBe(1);
    const accent = await t
      .http()
      .get('/api/notes')
      .query({ 'filter[nodeId]': node, q: 'zakaznik' })
      .set(bearer(t.adminToken));
    expect(accent.body.total).toBe(1);
    const tag = await t.http().get('/api/notes').query({ 'filter[nodeId]': node, q: '<b>' }).set(bearer(t.adminToken));
    expect(tag.body.total).toBe(0);
    const wildcard = await t
      .http()
      .get('/api/notes')
      .query({ 'filter[nodeId]': node, q: '%' })
      .set(bearer(t.adminToken));
    expect(wildcard.body.total).toBe(0);
  });

  it('lets the author edit with the right version, keeping the previous text in history', async () => {
    const note = await writeNote(t, author.token, { nodeId: customer, text: 'First draft' });
    const edited = await t
      .http()
      .patch(`/api/notes/${note.id}`)
      .set(bearer(author.token))
      .send({ version: 1, text: 'Second draft', alert: true });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ text: 'Second draft', alert: true, version: 2 });

    const stale = await t
      .http()
      .patch(`/api/notes/${note.id}`)
      .set(bearer(author.token))
      .send({ version: 1, text: 'Lost update' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    expect((await t.http().get(`/api/notes/${note.id}`).set(bearer(author.token))).body.text).toBe('Second draft');

    const history = await t.http().get(`/api/notes/${note.id}/history`).set(bearer(colleague.token));
    expect(history.status).toBe(200);
    expect(history.body.items.map((h: any) => h.action)).toEqual(['update', 'create']);
    expect(history.body.items[0].changes.text).toEqual({ before: 'First draft', after: 'Second draft' });
    expect(history.body.items[0].actorId).toBe(author.id);
  });

  it('refuses edits by others without notes.edit_any (403), allows them with it', async () => {
    const note = await writeNote(t, author.token, { nodeId: customer, text: 'Mine' });
    const denied = await t
      .http()
      .patch(`/api/notes/${note.id}`)
      .set(bearer(colleague.token))
      .send({ version: 1, text: 'Yours now' });
    expect(denied.status).toBe(403);
    const allowed = await t
      .http()
      .patch(`/api/notes/${note.id}`)
      .set(bearer(boss.token))
      .send({ version: 1, text: 'Corrected by the boss' });
    expect(allowed.status).toBe(200);
    const hideIt = await t
      .http()
      .patch(`/api/notes/${note.id}`)
      .set(bearer(boss.token))
      .send({ version: 2, private: true });
    expect(hideIt.status).toBe(403);
  });

  it('soft-deletes and restores; "show deleted" tells who deleted it and when', async () => {
    const node = await project(t, 'Service being cleaned up', customer);
    const keep = await writeNote(t, author.token, { nodeId: node, text: 'Keep me' });
    const gone = await writeNote(t, author.token, { nodeId: node, text: 'Delete me' });

    expect((await t.http().delete(`/api/notes/${gone.id}`).set(bearer(colleague.token))).status).toBe(403);
    expect((await t.http().delete(`/api/notes/${gone.id}`).set(bearer(boss.token))).status).toBe(204);
    expect((await t.http().delete(`/api/notes/${gone.id}`).set(bearer(boss.token))).status).toBe(404);

    const live = await t.http().get(`/api/notes?filter[nodeId]=${node}`).set(bearer(author.token));
    expect(live.body.items.map((n: any) => n.id)).toEqual([keep.id]);
    const only = await t.http().get(`/api/notes?filter[nodeId]=${node}&deleted=only`).set(bearer(author.token));
    expect(only.body.items).toEqual([
      expect.objectContaining({
        id: gone.id,
        deletedBy: boss.id,
        deletedByName: 'boss',
        deletedAt: expect.any(String),
      }),
    ]);
    const all = await t.http().get(`/api/notes?filter[nodeId]=${node}&deleted=include`).set(bearer(author.token));
    expect(all.body.total).toBe(2);

    const editDeleted = await t
      .http()
      .patch(`/api/notes/${gone.id}`)
      .set(bearer(author.token))
      .send({ version: gone.version + 1, text: 'x' });
    expect(editDeleted.status).toBe(422);

    expect((await t.http().post(`/api/notes/${gone.id}/restore`).set(bearer(colleague.token))).status).toBe(403);
    const restored = await t.http().post(`/api/notes/${gone.id}/restore`).set(bearer(author.token));
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ deletedAt: null, deletedBy: null });
    expect((await t.http().post(`/api/notes/${gone.id}/restore`).set(bearer(author.token))).status).toBe(422);
    const history = await t.http().get(`/api/notes/${gone.id}/history`).set(bearer(author.token));
    expect(history.body.items.map((h: any) => h.action)).toEqual(['restore', 'delete', 'create']);
  });

  it('keeps deleted notes restorable for 12 months, then purges them', async () => {
    const node = await project(t, 'Retention customer');
    const recent = await writeNote(t, t.adminToken, { nodeId: node, text: 'Deleted 11 months ago' });
    const old = await writeNote(t, t.adminToken, { nodeId: node, text: 'Deleted 13 months ago' });
    for (const note of [recent, old]) await t.http().delete(`/api/notes/${note.id}`).set(bearer(t.adminToken));
    const db = t.get(DataSource);
    await db.query(`UPDATE notes SET deleted_at = now() - interval '11 months' WHERE id = $1`, [recent.id]);
    await db.query(`UPDATE notes SET deleted_at = now() - interval '13 months' WHERE id = $1`, [old.id]);

    const late = await t.http().post(`/api/notes/${old.id}/restore`).set(bearer(t.adminToken));
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('RETENTION_EXPIRED');
    const purged = await t.get(RetentionService).purge();
    expect(purged.note).toBe(1);
    const left = await t.http().get(`/api/notes?filter[nodeId]=${node}&deleted=include`).set(bearer(t.adminToken));
    expect(left.body.items.map((n: any) => n.id)).toEqual([recent.id]);
    expect((await t.http().post(`/api/notes/${recent.id}/restore`).set(bearer(t.adminToken))).status).toBe(200);
  });

  it('documents its routes and their permissions in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs-json')).body;
    expect(doc.paths['/api/notes'].get['x-permission']).toBe('notes.read');
    expect(doc.paths['/api/notes'].post['x-permission']).toBe('notes.write');
    expect(doc.paths['/api/notes/{id}'].patch['x-permission']).toBe('notes.edit_any');
    expect(doc.components.schemas.CreateNoteDto.required).toEqual(expect.arrayContaining(['nodeId', 'text']));
  });

  it('lets the author delete their own note with notes.write', async () => {
    const note = await writeNote(t, colleague.token, { nodeId: customer, text: 'Typo note' });
    expect((await t.http().delete(`/api/notes/${note.id}`).set(bearer(colleague.token))).status).toBe(204);
  });

  it('shows alerts of the record and of the records above it, not ordinary, deleted or foreign ones', async () => {
    const parent = await project(t, 'Alerted customer');
    const child = await project(t, 'Alerted service', parent);
    const sibling = await project(t, 'Other service', parent);
    const onParent = await writeNote(t, t.adminToken, { nodeId: parent, text: 'Debtor: no visits!', alert: true });
    const onChild = await writeNote(t, t.adminToken, { nodeId: child, text: 'Dog on the premises', alert: true });
    await writeNote(t, t.adminToken, { nodeId: child, text: 'Just a note' });
    await writeNote(t, t.adminToken, { nodeId: sibling, text: 'Sibling alert', alert: true });
    const deleted = await writeNote(t, t.adminToken, { nodeId: child, text: 'Old alert', alert: true });
    await t.http().delete(`/api/notes/${deleted.id}`).set(bearer(t.adminToken));

    const res = await t.http().get(`/api/notes/alerts?node=${child}`).set(bearer(t.adminToken));
    expect(res.status).toBe(200);
    expect(res.body.items.map((n: any) => n.id)).toEqual([onChild.id, onParent.id]);
    expect(res.body.total).toBe(2);

    const onlyChild = await staff(t, 'service-tech@test.local', 'caller', child);
    const limited = await t.http().get(`/api/notes/alerts?node=${child}`).set(bearer(onlyChild.token));
    expect(limited.body.items.map((n: any) => n.id)).toEqual([onChild.id]);
    expect((await t.http().get(`/api/notes/alerts?node=${parent}`).set(bearer(onlyChild.token))).status).toBe(404);
    expect((await t.http().get(`/api/notes/alerts?node=nope`).set(bearer(t.adminToken))).body.details[0].field).toBe(
      'node',
    );

    const filtered = await t
      .http()
      .get(`/api/notes?filter[nodeId]=${child}&filter[alert]=true`)
      .set(bearer(t.adminToken));
    expect(filtered.body.items.map((n: any) => n.id)).toEqual([onChild.id]);
  });

  it('gives the built-in roles their note permissions', async () => {
    const roles = await t.http().get('/api/roles?filter[isBuiltin]=true').set(bearer(t.adminToken));
    const byCode = Object.fromEntries(roles.body.items.map((r: any) => [r.code, r.permissions]));
    expect(byCode.administrator).toEqual(
      expect.arrayContaining(['notes.read', 'notes.write', 'notes.edit_any', 'notes.delete_any']),
    );
    expect(byCode.caller).toEqual(expect.arrayContaining(['notes.read', 'notes.write']));
    expect(byCode.caller).not.toContain('notes.edit_any');
  });
});
