import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, type TestApp } from '../../../test/setup/harness.js';

/** Sets up what every contacts test needs: an address book (or several) and a service template, as the master admin. */
export async function contactsBasics(t: TestApp, books = ['Praha']) {
  const admin = bearer(t.adminToken);
  const template = await t
    .http()
    .post('/api/service-templates')
    .set(admin)
    .send({ code: 'internet', name: 'Internet', defaultSettings: { speedMbit: 100 } });
  if (template.status !== 201) throw new Error(JSON.stringify(template.body));
  const addressBooks: { id: string; name: string }[] = [];
  for (const name of books) {
    const res = await t.http().post('/api/address-books').set(admin).send({ name });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    addressBooks.push(res.body);
  }
  return { templateId: template.body.id as string, addressBooks };
}

export async function createCustomer(t: TestApp, token: string, body: Record<string, unknown>) {
  const res = await t.http().post('/api/customers').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`create customer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function roleId(t: TestApp, code: string) {
  const roles = await t.http().get('/api/roles?filter[isBuiltin]=true').set(bearer(t.adminToken));
  return roles.body.items.find((r: any) => r.code === code).id as string;
}

export async function grant(t: TestApp, userId: string, role: string, nodeId: string) {
  const res = await t
    .http()
    .post('/api/grants')
    .set(bearer(t.adminToken))
    .send({ userId, roleId: await roleId(t, role), nodeId });
  if (res.status !== 201) throw new Error(`grant: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A temporary folder for CSV files; `write` puts the lines in a file there and returns its path. */
export async function csvFolder(purpose: string) {
  const dir = await mkdtemp(join(tmpdir(), `clientele-${purpose}-`));
  const write = async (name: string, lines: string[]) => {
    const path = join(dir, name);
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  };
  return { dir, write };
}
