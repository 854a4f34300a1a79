import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RetentionService } from '@clientele/core';
import { startTestApp, TestApp, bearer } from './setup/harness.js';

/** Core's soft delete, restore, retention and purge, through the integrator fixture (retention 30 days). */
describe('soft delete and retention', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await startTestApp({ plugins: ['./test/fixtures/external-plugin'] });
    db = t.app.get(getDataSourceToken());
  });
  afterAll(() => t?.close());

  const create = async (label: string) =>
    (await t.http().post('/api/asset-tags').set(bearer(t.adminToken)).send({ label })).body;
  const labels = async (query = '') =>
    (await t.http().get(`/api/asset-tags${query}`).set(bearer(t.adminToken))).body.items.map((i: any) => i.label);

  it('hides a deleted record, lists it on request, restores it, and keeps it all in history', async () => {
    const tag = await create('switch-7');
    expect((await t.http().delete(`/api/asset-tags/${tag.id}`).set(bearer(t.adminToken))).status).toBe(204);
    expect(await labels()).not.toContain('switch-7');
    expect(await labels('?deleted=only')).toEqual(['switch-7']);
    const restored = await t.http().post(`/api/asset-tags/${tag.id}/restore`).set(bearer(t.adminToken));
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();
    expect(await labels()).toContain('switch-7');
    const history = await t.http().get(`/api/asset-tags/${tag.id}/history`).set(bearer(t.adminToken));
    expect(history.body.items.map((h: any) => h.action)).toEqual(['restore', 'delete', 'create']);
    expect(history.body.items[1].changes.deletedAt.before).toBeNull();
  });

  it('refuses to restore after the retention and purges what is past it', async () => {
    const old = await create('old-router');
    const recent = await create('new-router');
    await t.http().delete(`/api/asset-tags/${old.id}`).set(bearer(t.adminToken));
    await t.http().delete(`/api/asset-tags/${recent.id}`).set(bearer(t.adminToken));
    await db.query(`UPDATE ext_asset_tags SET deleted_at = now() - interval '31 days' WHERE id = $1`, [old.id]);

    const late = await t.http().post(`/api/asset-tags/${old.id}/restore`).set(bearer(t.adminToken));
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('RETENTION_EXPIRED');

    const purged = await t.get(RetentionService).purge();
    expect(purged).toEqual({ asset_tag: 1 });
    expect(await labels('?deleted=only')).toEqual(['new-router']);
    const [entry] = await db.query(`SELECT action FROM history WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [
      old.id,
    ]);
    expect(entry.action).toBe('purge');
  });

  it('answers 404 when deleting twice and 422 when restoring what is not deleted', async () => {
    const tag = await create('patch-panel');
    expect((await t.http().delete(`/api/asset-tags/${tag.id}`).set(bearer(t.adminToken))).status).toBe(204);
    expect((await t.http().delete(`/api/asset-tags/${tag.id}`).set(bearer(t.adminToken))).status).toBe(404);
    await t.http().post(`/api/asset-tags/${tag.id}/restore`).set(bearer(t.adminToken));
    const again = await t.http().post(`/api/asset-tags/${tag.id}/restore`).set(bearer(t.adminToken));
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('NOT_DELETED');
  });
});
