import { Injectable } from '@nestjs/common';
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

  async send(message: Message, settings: Readonly<TemplatesSettings>): Promise<void> {
    const transporter = this.transporter(settings);
    await transporter.sendMail({
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
