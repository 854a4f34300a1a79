import { bearer, startTestApp, type TestApp } from '../../../test/setup/harness.js';
import { contactsBasics, createCustomer } from '../../contacts/test/helpers.js';
import { startSmtpSink } from './smtp-sink.js';

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** Contacts and templates (and `more` plugins) on a fresh database, delivering to a real SMTP server on loopback. */
export async function startTemplatesApp(more: string[] = []) {
  const smtp = await startSmtpSink();
  const t = await startTestApp({
    plugins: ['contacts', ...more, 'templates'],
    settings: {
      templates: { smtpHost: '127.0.0.1', smtpPort: smtp.port, mailboxes: ['info@isp.example', 'billing@isp.example'] },
    },
  });
  const { addressBooks } = await contactsBasics(t);
  const customer = await createCustomer(t, t.adminToken, {
    name: 'Dvořák Jan',
    addressBookId: addressBooks[0].id,
    email: 'jan@example.com',
    billingEmail: 'ucetni@example.com',
  });
  return { t, smtp, customer, bookId: addressBooks[0].id as string, admin: bearer(t.adminToken) };
}

/** Waits until `done` holds, polling; fails after `ms`. */
export async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`still not done after ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The mails with this Message-ID once the SMTP server has one: the test server parses a message
 * after taking it, which may end after the delivery was recorded as sent.
 */
export const arrived = (smtp: SmtpSink, messageId: string) =>
  eventually(
    () => smtp.received.filter((m) => m.messageId === messageId),
    (mails) => mails.length > 0,
  );

export type { TestApp };
