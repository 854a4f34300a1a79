import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  attachments: { filename: string; size: number }[];
  /** Whether the message came over TLS (STARTTLS), and the user it authenticated as. */
  secure: boolean;
  user: string | null;
}

export interface SmtpSinkOptions {
  /** Requires AUTH as this user (only over TLS, unless `insecureAuth`). */
  user?: string;
  password?: string;
  /** Offers STARTTLS with the self-signed certificate of `fixtures/smtp-tls.crt` (CN localhost, 127.0.0.1). */
  tls?: boolean;
  /** The AUTH mechanisms offered, e.g. `['LOGIN']` (default PLAIN and LOGIN). */
  authMethods?: string[];
  insecureAuth?: boolean;
}

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** A real SMTP server on loopback that keeps what it receives, optionally refusing the next few messages. */
export async function startSmtpSink(options: SmtpSinkOptions = {}) {
  const received: ReceivedMail[] = [];
  /** The AUTH mechanisms clients used, in order. */
  const authMethods: string[] = [];
  let refuseNext = 0;
  const server = new SMTPServer({
    // Read what a client sent before acting on its leaving, as mail servers do: without this,
    // smtp-server drops a message whose last bytes and the client's FIN arrive while it is still
    // parsing earlier ones (a client killed right after the DATA terminator).
    allowHalfOpen: true,
    // A connection its client half-closed stays open until then: the sink's close ends such connections at once.
    closeTimeout: 500,
    authOptional: !options.user,
    ...(options.tls
      ? { key: fixture('smtp-tls.key'), cert: fixture('smtp-tls.crt') }
      : { disabledCommands: ['STARTTLS'] }),
    authMethods: options.authMethods ?? ['PLAIN', 'LOGIN'],
    allowInsecureAuth: options.insecureAuth ?? false,
    onAuth(auth, _session, callback) {
      authMethods.push(auth.method);
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (refuseNext > 0) {
          refuseNext--;
          return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
        }
        const mail = await simpleParser(Buffer.concat(chunks));
        received.push({
          messageId: mail.messageId ?? '',
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject ?? '',
          html: typeof mail.html === 'string' ? mail.html : null,
          text: mail.text ?? null,
          attachments: mail.attachments.map((a) => ({ filename: a.filename ?? '', size: a.size })),
          secure: session.secure,
          user: (session.user as string | undefined) ?? null,
        });
        callback();
      });
    },
  });
  // A sender killed mid-conversation (the crash test) resets its connection; that is no failure of the sink.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    authMethods,
    refuse(count: number) {
      refuseNext = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
