import { startSmtpSink } from './smtp-sink.js';
import { arrived, eventually, startTemplatesApp, type SmtpSink, type TestApp } from './templates-test-kit.js';

/** The mail server with and without TLS (STARTTLS, a self-signed certificate) and authentication. */
describe('delivering to a mail server with TLS and authentication', () => {
  let t: TestApp;
  let plain: SmtpSink;
  const sinks: SmtpSink[] = [];
  let admin: Record<string, string>;
  let customer: { id: string };

  /** Points the mail settings at `sink`, with `values` on top. */
  const useServer = async (sink: SmtpSink, values: Record<string, unknown> = {}) => {
    const { version } = (await t.http().get('/api/settings/templates').set(admin)).body;
    const res = await t
      .http()
      .patch('/api/settings/templates')
      .set(admin)
      .send({
        version,
        smtpPort: sink.port,
        smtpAllowUntrustedCertificate: false,
        smtpUser: null,
        smtpPassword: null,
        ...values,
      });
    if (res.status !== 200) throw new Error(`settings: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const sink = async (options: Parameters<typeof startSmtpSink>[0]) => {
    const started = await startSmtpSink(options);
    sinks.push(started);
    return started;
  };
  const send = async () => {
    const res = await t
      .http()
      .post('/api/messages')
      .set(admin)
      .send({
        customerId: customer.id,
        subject: 'Odstávka',
        body: 'Zítra od 2:00',
        format: 'text',
        to: ['a@example.com'],
      });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const settled = (id: string) =>
    eventually(
      async () => (await t.http().get(`/api/messages/${id}`).set(admin)).body,
      (m) => m.status === 'sent' || Boolean(m.lastError),
    );

  beforeAll(async () => {
    ({ t, smtp: plain, admin, customer } = await startTemplatesApp());
  });
  afterAll(async () => {
    await t?.close();
    for (const s of [plain, ...sinks]) await s?.close();
  });

  it('delivers without TLS or authentication to a server that asks for neither', async () => {
    const sent = await settled(await send());
    expect(sent.status).toBe('sent');
    expect((await arrived(plain, sent.messageIdHeader))[0]).toMatchObject({ secure: false, user: null });
  });

  it('upgrades to TLS with STARTTLS and authenticates with AUTH PLAIN', async () => {
    const server = await sink({ tls: true, user: 'isp', password: 'heslo-1', authMethods: ['PLAIN'] });
    await useServer(server, { smtpAllowUntrustedCertificate: true, smtpUser: 'isp', smtpPassword: 'heslo-1' });
    const sent = await settled(await send());
    expect(sent.status).toBe('sent');
    expect((await arrived(server, sent.messageIdHeader))[0]).toMatchObject({ secure: true, user: 'isp' });
    expect(server.authMethods).toEqual(['PLAIN']);
  });

  it('authenticates with AUTH LOGIN when the server offers only that', async () => {
    const server = await sink({ tls: true, user: 'isp', password: 'heslo-2', authMethods: ['LOGIN'] });
    await useServer(server, { smtpAllowUntrustedCertificate: true, smtpUser: 'isp', smtpPassword: 'heslo-2' });
    const sent = await settled(await send());
    expect(sent.status).toBe('sent');
    expect((await arrived(server, sent.messageIdHeader))[0]).toMatchObject({ secure: true, user: 'isp' });
    expect(server.authMethods).toEqual(['LOGIN']);
  });

  it('authenticates without TLS on a server that allows it', async () => {
    const server = await sink({ user: 'isp', password: 'heslo-3', insecureAuth: true });
    await useServer(server, { smtpUser: 'isp', smtpPassword: 'heslo-3' });
    const sent = await settled(await send());
    expect(sent.status).toBe('sent');
    expect((await arrived(server, sent.messageIdHeader))[0]).toMatchObject({ secure: false, user: 'isp' });
  });

  it('keeps the message queued with the reason when the password is wrong, and delivers nothing', async () => {
    const server = await sink({ tls: true, user: 'isp', password: 'heslo-4' });
    await useServer(server, { smtpAllowUntrustedCertificate: true, smtpUser: 'isp', smtpPassword: 'spatne' });
    const failed = await settled(await send());
    expect(failed).toMatchObject({ status: 'queued', attempts: 1 });
    expect(failed.lastError).toMatch(/Invalid credentials/);
    expect(server.received).toEqual([]);
  });

  it('refuses a certificate it cannot verify unless untrusted certificates are allowed', async () => {
    const server = await sink({ tls: true });
    await useServer(server);
    const failed = await settled(await send());
    expect(failed.status).toBe('queued');
    expect(failed.lastError).toMatch(/certificate/i);
    expect(server.received).toEqual([]);
  });
});
