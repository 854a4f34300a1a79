import { Injectable } from '@nestjs/common';
import { Readable, type Writable } from 'node:stream';
import nodemailer from 'nodemailer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { TemplatesSettings } from '../settings.js';
import type { Message } from '../entities/message.entity.js';
import { SmtpConnections } from './smtp-connections.js';

/** The database transaction that records a delivery: the socket of its connection, and what commits it. */
export interface DeliveryRecord {
  socket: Writable;
  commit(): Promise<void>;
}

/**
 * Nodemailer over the configured SMTP server. It takes the settings from its caller and never
 * reads the database: the sender calls it while holding a database connection, and waiting for a
 * second one could starve the pool.
 */
@Injectable()
export class SmtpTransport {
  private readonly connections = new SmtpConnections();

  /** Composes messages to bytes without sending them. */
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  /**
   * Sends the message and commits `record` so that the mail server taking the message and the
   * database keeping the record leave this process together: the server takes a message when it
   * reads the DATA terminator, and bytes handed to the kernel reach their server even when this
   * process is killed. Both sockets are held (corked) until each holds its last bytes — the
   * terminator and the COMMIT — which are then handed to the kernel back to back, terminator
   * first: a kill before leaves the server a cut-off message, which it discards, and an
   * uncommitted attempt; a kill after leaves both done; a kill in the microseconds between the
   * two writes leaves the message delivered and its attempt uncommitted, so it goes out again.
   */
  async send(message: Message, settings: Readonly<TemplatesSettings>, record: DeliveryRecord): Promise<void> {
    const raw = await this.compose(message);
    const envelope = { from: message.sender ?? '', to: message.recipients };
    await this.connections.with(settings, ({ connection }) => sendTogether(connection, envelope, raw, record));
  }

  close() {
    void this.connections.close();
  }

  private async compose(message: Message): Promise<Buffer> {
    const composed = await this.composer.sendMail({
      messageId: message.messageIdHeader,
      from: message.sender ?? undefined,
      to: message.recipients,
      subject: message.subject ?? '',
      html: message.html ?? undefined,
      text: message.text ?? undefined,
      attachments: message.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.data,
        encoding: 'base64',
      })),
    });
    return composed.message as Buffer;
  }
}

async function sendTogether(
  connection: SMTPConnection,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  record: DeliveryRecord,
) {
  let taken!: () => void;
  const allTaken = new Promise<void>((resolve) => (taken = resolve));
  let pushed = false;
  // No buffering of our own: read() is asked again only once the SMTP connection has taken the bytes.
  const body = new Readable({
    highWaterMark: 0,
    read() {
      if (pushed) return taken();
      pushed = true;
      this.push(raw);
    },
  });
  const sending = new Promise<void>((resolve, reject) =>
    connection.send(envelope, body, (error) => (error ? reject(error) : resolve())),
  );
  await Promise.race([allTaken, sending]);
  const smtp = connection._socket as Writable;
  await until(() => smtp.writableLength === 0, sending);
  smtp.cork();
  body.push(null);
  await until(() => smtp.writableLength > 0, sending);
  // Idle: its last query has been answered.
  const db = record.socket;
  db.cork();
  const recorded = record.commit();
  try {
    await until(() => db.writableLength > 0, recorded);
  } catch (error) {
    // No record, so no message: destroying drops the held terminator (ending would send it) and
    // the server discards what it has.
    smtp.destroy();
    db.uncork();
    throw error;
  }
  smtp.uncork();
  db.uncork();
  const [delivery, commit] = await Promise.allSettled([sending, recorded]);
  if (delivery.status === 'rejected') throw delivery.reason;
  if (commit.status === 'rejected') throw commit.reason;
}

/**
 * Resolves once `done()` holds, looking after each turn of the event loop and, when that is not
 * soon (a slow server still taking the body), every few milliseconds; fails when `exchange` ends first.
 */
async function until(done: () => boolean, exchange: Promise<unknown>) {
  const ended = exchange.then(() => {
    throw new Error('The exchange ended before its last bytes were written');
  });
  ended.catch(() => undefined);
  for (let turn = 0; !done(); turn++) {
    const next = new Promise((resolve) => (turn < 20 ? setImmediate(resolve) : setTimeout(resolve, 5)));
    await Promise.race([next, ended]);
  }
}
