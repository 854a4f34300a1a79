import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp } from '../../../test/setup/harness.js';
import { bearer } from '../../../test/setup/harness.js';
import {
  addressBook,
  area,
  customer,
  customerPerson,
  fileTicket,
  ok,
  send,
  staff,
  startHelpdeskApp,
} from './helpdesk-test-kit.js';

const pdf = Buffer.from('%PDF-1.4 a small invoice');
const b64 = (b: Buffer) => b.toString('base64');

describe('attachments', () => {
  let t: TestApp;
  let agent: { id: string; token: string };
  let colleague: { id: string; token: string };
  let boss: { id: string; token: string };
  let ticket: { id: string };
  const folder = join('data', `attachments-test-${process.pid}`);

  beforeAll(async () => {
    t = await startHelpdeskApp([], { helpdesk: { attachmentMaxBytes: 2048, attachmentFolder: folder } });
    const book = await addressBook(t, 'Praha');
    const novak = await customer(t, 'Novák s.r.o.', book);
    const support = await area(t, { code: 'support', isDefault: true });
    agent = await staff(t, 'agent@test.local', [
      ['administrator', support.id],
      ['administrator', book],
    ]);
    colleague = await staff(t, 'colleague@test.local', [
      ['administrator', support.id],
      ['administrator', book],
    ]);
    boss = await customerPerson(t, 'boss@novak.test', novak.id, 'administrator');
    ticket = await fileTicket(t, boss.token, { subject: 'Wrong invoice', customerId: novak.id });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps a file in the database, lists it and hands it back to whoever sees the ticket', async () => {
    const added = await ok(t, boss.token, 'post', `/api/tickets/${ticket.id}/attachments`, {
      fileName: 'invoice 114.pdf',
      contentType: 'application/pdf',
      data: b64(pdf),
    });
    expect(added).toMatchObject({ fileName: 'invoice 114.pdf', size: pdf.length, private: false });
    const list = await ok(t, agent.token, 'get', `/api/tickets/${ticket.id}/attachments`);
    expect(list.items.map((a: any) => a.id)).toEqual([added.id]);
    const file = await t
      .http()
      .get(`/api/attachments/${added.id}`)
      .set(bearer(agent.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''invoice%20114.pdf");
    expect(Buffer.compare(file.body as Buffer, pdf)).toBe(0);
    const stranger = await t.user('stranger@test.local');
    expect((await send(t, stranger.token, 'get', `/api/attachments/${added.id}`)).status).toBe(404);
  });

  it('refuses a file above the size limit, an empty one, one that is not base64 and a name with a path', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { fileName: 'big.bin', contentType: 'application/octet-stream', data: b64(Buffer.alloc(4096, 1)) },
        'data',
        'TOO_LARGE',
      ],
      [{ fileName: 'empty.txt', contentType: 'text/plain', data: '' }, 'data', 'EMPTY_FILE'],
      [{ fileName: 'x.txt', contentType: 'text/plain', data: 'not base64!' }, 'data', 'NOT_BASE64'],
      [{ fileName: '../../etc/passwd', contentType: 'text/plain', data: b64(pdf) }, 'fileName', ''],
      [{ fileName: 'x.txt', contentType: 'nonsense', data: b64(pdf) }, 'contentType', ''],
    ];
    for (const [body, field, code] of cases) {
      const res = await send(t, agent.token, 'post', `/api/tickets/${ticket.id}/attachments`, body);
      expect([res.status, res.body.details?.[0]?.field]).toEqual([400, field]);
      if (code) expect(res.body.details[0].code).toBe(code);
    }
  });

  it("keeps a private message's attachment for its addressee, and files on disk when the settings say so", async () => {
    const settings = await ok(t, t.adminToken, 'get', '/api/settings/helpdesk');
    await ok(t, t.adminToken, 'patch', '/api/settings/helpdesk', {
      version: settings.version,
      attachmentStorage: 'disk',
    });
    const message = await ok(t, agent.token, 'post', `/api/tickets/${ticket.id}/messages`, {
      body: 'See the scan',
      private: true,
      addresseeId: colleague.id,
    });
    // The author is not the addressee: they may not attach to a message they may not read.
    expect(
      (
        await send(t, agent.token, 'post', `/api/tickets/${ticket.id}/attachments`, {
          fileName: 'scan.png',
          contentType: 'image/png',
          data: b64(pdf),
          messageId: message.id,
        })
      ).status,
    ).toBe(404);
    const added = await ok(t, colleague.token, 'post', `/api/tickets/${ticket.id}/attachments`, {
      fileName: 'scan.png',
      contentType: 'image/png',
      data: b64(pdf),
      messageId: message.id,
    });
    expect(added.private).toBe(true);
    expect(existsSync(join(folder, added.id.slice(-2), added.id.slice(-4, -2), added.id))).toBe(true);
    expect(
      (await ok(t, colleague.token, 'get', `/api/tickets/${ticket.id}/attachments`)).items.map((a: any) => a.id),
    ).toContain(added.id);
    for (const token of [agent.token, boss.token]) {
      expect(
        (await ok(t, token, 'get', `/api/tickets/${ticket.id}/attachments`)).items.map((a: any) => a.id),
      ).not.toContain(added.id);
      expect((await send(t, token, 'get', `/api/attachments/${added.id}`)).status).toBe(404);
    }
    expect((await t.http().get(`/api/attachments/${added.id}`).set(bearer(colleague.token))).status).toBe(200);
  });
});
