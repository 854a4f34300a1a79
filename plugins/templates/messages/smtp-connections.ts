import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { Pool } from 'tarn';
import type { TemplatesSettings } from '../settings.js';

/** One open SMTP session, greeted and logged in; `broken` once it failed or the server left. */
export interface SmtpSession {
  connection: SMTPConnection;
  broken: boolean;
  messages: number;
}

const MAX_CONNECTIONS = 8;
/** Some servers cap the messages of one session (Exchange at 20 by default): a session retires before. */
const MESSAGES_PER_SESSION = 20;

/**
 * Open SMTP sessions to the configured server, reused message after message. The sender needs
 * the very session (and its socket) a message goes over, which nodemailer's own pool does not
 * hand out; nodemailer still speaks SMTP, `tarn` keeps the sessions.
 */
export class SmtpConnections {
  private current: { key: string; pool: Pool<SmtpSession> } | null = null;

  /** Runs `use` on a session of the server `settings` name; a session `use` failed on is closed, not reused. */
  async with<T>(settings: Readonly<TemplatesSettings>, use: (session: SmtpSession) => Promise<T>): Promise<T> {
    const pool = this.pool(settings);
    const session = await pool.acquire().promise;
    try {
      session.messages++;
      return await use(session);
    } catch (error) {
      // Wherever the exchange stopped, the session is in no state for the next message.
      session.broken = true;
      session.connection.close();
      throw error;
    } finally {
      pool.release(session);
    }
  }

  async close() {
    const pool = this.current?.pool;
    this.current = null;
    await pool?.destroy();
  }

  private pool(s: Readonly<TemplatesSettings>): Pool<SmtpSession> {
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
      void this.current?.pool.destroy();
      this.current = {
        key,
        pool: new Pool<SmtpSession>({
          create: () => open(s),
          destroy: (session) => (session.broken ? session.connection.close() : session.connection.quit()),
          validate: (session) => !session.broken && session.messages < MESSAGES_PER_SESSION,
          // A server that refuses us fails the send waiting for the session, with the server's reason.
          propagateCreateError: true,
          min: 0,
          max: MAX_CONNECTIONS,
          acquireTimeoutMillis: 60_000,
          createTimeoutMillis: 15_000,
          // Closed by us before the server's own idle timeout closes it under us.
          idleTimeoutMillis: 30_000,
        }),
      };
    }
    return this.current.pool;
  }
}

function open(s: Readonly<TemplatesSettings>): Promise<SmtpSession> {
  const connection = new SMTPConnection({
    host: s.smtpHost!,
    port: s.smtpPort,
    secure: s.smtpSecure,
    tls: { rejectUnauthorized: !s.smtpAllowUntrustedCertificate },
    // The message's row stays locked during the exchange: a server that stops answering fails the attempt well within the job's expiry.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 40_000,
    // Closing destroys the socket: ending it would first send what the delivery holds back.
    socketCloseTimeout: 0,
  });
  const session: SmtpSession = { connection, broken: false, messages: 0 };
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      session.broken = true;
      connection.close();
      reject(error);
    };
    // Later errors fail the send they interrupt on their own; the session is closed either way.
    connection.on('error', fail);
    connection.on('end', () => (session.broken = true));
    connection.connect(() => {
      if (!s.smtpUser) return resolve(session);
      connection.login({ user: s.smtpUser, pass: s.smtpPassword ?? '' }, (error) =>
        error ? fail(error) : resolve(session),
      );
    });
  });
}
