import { PassThrough } from 'node:stream';
import { startSmtpSink } from '../test/smtp-sink.js';
import { TemplatesSettings } from '../settings.js';
import type { Message } from '../entities/message.entity.js';
import { SmtpTransport } from './smtp-transport.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The handover to the SMTP server and the delivery's record, with a stand-in for the database connection's socket. */
describe('SmtpTransport', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let settings: TemplatesSettings;
  const smtp = new SmtpTransport();
  let n = 0;
  const message = () =>
    ({
      messageIdHeader: `<spec-${++n}@isp.example>`,
      sender: 'info@isp.example',
      recipients: ['jan@example.com'],
      subject: 'Odstávka',
      text: 'Zítra od 2:00',
      html: null,
      attachments: [],
    }) as unknown as Message;

  beforeAll(async () => {
    sink = await startSmtpSink();
    settings = Object.assign(new TemplatesSettings(), { smtpHost: '127.0.0.1', smtpPort: sink.port });
  });
  afterAll(async () => {
    smtp.close();
    await sink.close();
  });

  it('writes the record once the server holds all but the terminator, and delivers when both are out', async () => {
    const socket = new PassThrough();
    const written: string[] = [];
    socket.on('data', (chunk) => written.push(`${chunk}`));
    let receivedAtCommit = -1;
    const sent = message();
    await smtp.send(sent, settings, {
      socket,
      commit: async () => {
        receivedAtCommit = sink.received.length;
        socket.write('COMMIT');
        await sleep(50);
      },
    });
    expect(receivedAtCommit).toBe(0);
    expect(written).toEqual(['COMMIT']);
    await sleep(200);
    expect(sink.received.map((m) => m.messageId)).toEqual([sent.messageIdHeader]);
  });

  it('sends nothing when the record cannot be written: the held terminator is dropped', async () => {
    const before = sink.received.length;
    let receivedAtCommit = -1;
    const refused = smtp.send(message(), settings, {
      socket: new PassThrough(),
      commit: () => {
        receivedAtCommit = sink.received.length;
        return Promise.reject(new Error('database connection lost'));
      },
    });
    await expect(refused).rejects.toThrow('database connection lost');
    expect(receivedAtCommit).toBe(before);
    await sleep(300);
    expect(sink.received).toHaveLength(before);
  });

  it('reports a refusal after the terminator, the record being committed by then (the sender puts the message back)', async () => {
    sink.refuse(1);
    const socket = new PassThrough();
    let committed = false;
    const refused = smtp.send(message(), settings, {
      socket,
      commit: async () => {
        socket.write('COMMIT');
        committed = true;
      },
    });
    await expect(refused).rejects.toThrow(/Mailbox busy/);
    expect(committed).toBe(true);
  });
});
