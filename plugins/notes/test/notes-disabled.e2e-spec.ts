import { PluginRegistry } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { PROJECTS, project, startNotesApp, writeNote } from './notes-test-kit.js';

/** Turning notes off in the config hides them completely and loses nothing. */
describe('the notes plugin disabled in config', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  it('answers 404 on its routes, drops its tab and permissions, keeps its data for when it is enabled again', async () => {
    const withNotes = await startNotesApp();
    apps.push(withNotes);
    const customer = await project(withNotes, 'Customer Kováč');
    const note = await writeNote(withNotes, withNotes.adminToken, {
      nodeId: customer,
      text: 'Survives a restart without notes',
      alert: true,
    });
    expect(
      withNotes
        .get(PluginRegistry)
        .adminTabs('customers')
        .map((tab) => tab.key),
    ).toContain('notes');
    const knownBefore = await withNotes.http().get('/api/access/permissions').set(bearer(withNotes.adminToken));
    expect(knownBefore.body.items.map((p: any) => p.name)).toContain('notes.read');

    const without = await startTestApp({ plugins: [PROJECTS] }, { databaseUrl: withNotes.databaseUrl });
    apps.push(without);
    const as = bearer(without.adminToken);
    expect((await without.http().get(`/api/notes?filter[nodeId]=${customer}`).set(as)).status).toBe(404);
    expect((await without.http().get(`/api/notes/${note.id}`).set(as)).status).toBe(404);
    expect((await without.http().get(`/api/notes/alerts?node=${customer}`).set(as)).status).toBe(404);
    expect((await without.http().post('/api/notes').set(as).send({ nodeId: customer, text: 'x' })).status).toBe(404);
    expect(without.get(PluginRegistry).adminTabs('customers')).toEqual([]);
    const roles = await without.http().get('/api/roles?filter[isBuiltin]=true').set(as);
    expect(roles.status).toBe(200);
    expect(roles.body.items.flatMap((r: any) => r.permissions)).not.toContain('notes.read');
    const known = await without.http().get('/api/access/permissions').set(as);
    expect(known.body.items.map((p: any) => p.name)).not.toContain('notes.read');
    const history = await without.http().get(`/api/history?filter[entityId]=${note.id}`).set(as);
    expect(history.status).toBe(200);
    expect((await without.http().get('/health')).status).toBe(200);
    // Records the notes hang on can still be added while notes are off.
    await project(without, 'Customer added while notes were off', customer);

    const again = await startNotesApp({ databaseUrl: withNotes.databaseUrl });
    apps.push(again);
    const back = await again.http().get(`/api/notes?filter[nodeId]=${customer}`).set(bearer(again.adminToken));
    expect(back.status).toBe(200);
    expect(back.body.items).toEqual([
      expect.objectContaining({ id: note.id, text: 'Survives a restart without notes', alert: true }),
    ]);
    const alerts = await again.http().get(`/api/notes/alerts?node=${customer}`).set(bearer(again.adminToken));
    expect(alerts.body.total).toBe(1);
  });
});
