import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import nodemailer, { type Transporter } from 'nodemailer';
import type { TemplatesSettings } from '../settings.js';
import type { Message } from '../entities/message.entity.js';

/**
 * Nodemailer over the configured SMTP server; one pooled connection set per configuration. It
 * takes the settings from its caller and never reads the database: the sender calls it while
 * holding a database connection, and waiting for a second one could starve the pool.
 */
@Injectable()
export class SmtpTransport {
  private current: { key: string; transporter: Transporter } | null = null;

  /** Composes messages to bytes without sending them. */
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  /**
   * Sends the message. `withFinalDot` is called once the server holds every byte but the DATA
   * terminator — it has not taken the message yet — and must write its record (the commit) to
   * the database's socket before it yields to I/O; the terminator is written in the same turn of
   * the event loop, without waiting for the database's answer. Whatever the kernel holds for
   * either socket reaches its server even if this process is killed, so a kill leaves both
   * writes done or neither, except in the microseconds between the two writes.
   */
  async send(
    message: Message,
    settings: Readonly<TemplatesSettings>,
    withFinalDot: () => Promise<void>,
  ): Promise<void> {
    const transporter = this.transporter(settings);
    const mail = {
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
    };
    const raw = (await this.composer.sendMail(mail)).message as Buffer;
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
    const sending = transporter.sendMail({
      envelope: { from: message.sender ?? undefined, to: message.recipients },
      raw: body,
    });
    await Promise.race([allTaken, sending]);
    const recorded = withFinalDot();
    body.push(null);
    const [record, delivery] = await Promise.allSettled([recorded, sending]);
    if (delivery.status === 'rejected') throw delivery.reason;
    if (record.status === 'rejected') throw record.reason;
  }

  private transporter(s: Readonly<TemplatesSettings>): Transporter {
    if (!s.smtpHost) throw new Error('No mail server is configured');
    const key = JSON.stringify([
      s.smtpHost,
      s.smtpPort,
      s.smtpSecure,
      s.smtpAllowUntrustedCertificate,
      s.smtpUser,
      s.smtpPassword,
    ]);
    if (this.current?.key !== key) {
      this.current?.transporter.close();
      this.current = {
        key,
        transporter: nodemailer.createTransport({
          pool: true,
          maxConnections: 8,
          host: s.smtpHost,
          port: s.smtpPort,
          secure: s.smtpSecure,
          auth: s.smtpUser ? { user: s.smtpUser, pass: s.smtpPassword ?? '' } : undefined,
          tls: { rejectUnauthorized: !s.smtpAllowUntrustedCertificate },
          // The message's row stays locked during the exchange: a server that stops answering fails the attempt well within the job's expiry.
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 40_000,
        }),
      };
    }
    return this.current.transporter;
  }

  close() {
    this.current?.transporter.close();
    this.current = null;
  }
}
