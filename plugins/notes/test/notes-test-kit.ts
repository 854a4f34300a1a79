import { DataSource } from 'typeorm';
import { ScopeTreeService, newId } from '@clientele/core';
import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';

export const PROJECTS = './plugins/notes/test/fixtures/project-scope';

export const startNotesApp = (harness: { databaseUrl?: string } = {}) =>
  startTestApp({ plugins: ['notes', PROJECTS] }, harness);

/** A scope node standing for a record (a customer, a service …) that notes can be written on. */
export async function project(t: TestApp, label: string, parentId?: string) {
  const id = newId();
  await t.get(ScopeTreeService).create(t.get(DataSource).manager, { id, kind: 'project', label, parentId });
  return id;
}

/** A user holding the built-in role `roleCode` on `nodeId`, granted the way an administrator would. */
export async function staff(t: TestApp, email: string, roleCode: string, nodeId: string) {
  const user = await t.user(email);
  const roles = await t.http().get('/api/roles?filter[isBuiltin]=true').set(bearer(t.adminToken));
  const role = roles.body.items.find((r: { code: string }) => r.code === roleCode);
  const res = await t
    .http()
    .post('/api/grants')
    .set(bearer(t.adminToken))
    .send({ userId: user.id, roleId: role.id, nodeId });
  if (res.status !== 201) throw new Error(`grant failed: ${res.status} ${JSON.stringify(res.body)}`);
  return user;
}

export async function writeNote(t: TestApp, token: string, body: Record<string, unknown>) {
  const res = await t.http().post('/api/notes').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`note not written: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
