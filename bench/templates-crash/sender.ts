/**
 * The sending side of `bench/templates-crash.bench.ts`: eight lanes, each with its own database
 * connection, recording every e-mail in a transaction that the templates plugin's `SmtpTransport`
 * commits together with the DATA terminator, exactly as the server's delivery does. It runs until
 * it is killed.
 *
 *   node dist/bench/templates-crash/sender.js <database url> <smtp port> <run>
 */
import pg from 'pg';
import { SmtpTransport } from '../../plugins/templates/messages/smtp-transport.js';
import type { Message } from '../../plugins/templates/entities/message.entity.js';
import { TemplatesSettings } from '../../plugins/templates/settings.js';

const LANES = 8;
const [url, port, run] = process.argv.slice(2);
const settings = Object.assign(new TemplatesSettings(), { smtpHost: '127.0.0.1', smtpPort: Number(port) });
const smtp = new SmtpTransport();
let sequence = 0;

async function lane() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const socket = (client as unknown as { connection: { stream: NodeJS.WritableStream } }).connection.stream;
  for (;;) {
    const id = `${run}-${sequence++}`;
    await client.query('BEGIN');
    await client.query('INSERT INTO delivery_records (id) VALUES ($1)', [id]);
    const message = {
      messageIdHeader: `<${id}@crash.bench>`,
      sender: 'info@isp.example',
      recipients: ['reader@example.org'],
      subject: `Zpráva ${id}`,
      text: 'Dobrý den',
      html: null,
      attachments: [],
    } as unknown as Message;
    await smtp.send(message, settings, {
      socket: socket as never,
      commit: () => client.query('COMMIT').then(() => undefined),
    });
  }
}

for (let i = 0; i < LANES; i++)
  lane().catch((error) => {
    console.error(error);
    process.exit(3);
  });
