/**
 * The templates benchmark (`npm run bench -- templates`): a customer e-mail template rendered
 * 20,000 times (p95 of one render), then 10,000 templated e-mails queued through the outbox and
 * delivered by the server's own workers to a real SMTP server on loopback, a tenth of them at a
 * higher priority; the order they reach the SMTP server shows whether priority holds. Runs the
 * server in process against a PostgreSQL of its own (or a database made on DATABASE_URL's server).
 *
 *   BENCH_TEMPLATES_MESSAGES=10000 npm run bench -- templates
 */
import 'reflect-metadata';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import {
  ClienteleConfig,
  JobWorkers,
  RequestContext,
  TemplateVariables,
  createDatabase,
  dropDatabase,
  startEmbeddedPostgres,
} from '@clientele/core';
import { AddressBooksService, CustomersService } from '@clientele/contacts';
import { createApp } from '../apps/server/app.js';
import { projectRoot } from '../apps/server/paths.js';
import { CompiledTemplates } from '../plugins/templates/rendering/compiled-templates.js';
import { TemplatesService } from '../plugins/templates/templates/templates.service.js';
import { MessagesService } from '../plugins/templates/messages/messages.service.js';
import { Figure, hardware, printTable } from './support/report.js';

const MESSAGES = Number(process.env.BENCH_TEMPLATES_MESSAGES ?? 10_000);
const RENDERS = 20_000;
const URGENT_EVERY = 10;
const system = RequestContext.system();
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

const welcome = {
  channel: 'email' as const,
  code: 'welcome',
  name: 'Welcome',
  language: 'cs',
  context: 'customer',
  subject: 'Vítejte, {{customer.name}}',
  html: `<h1>Dobrý den, {{customer.name}}</h1>
<p>Vaše zákaznické číslo je <b>{{customer.number}}</b>, adresa {{customer.street}}, {{customer.postcode}} {{customer.city}}.</p>
{{#if service}}<p>Aktivní služba: {{service.name}} ({{service.template}})</p>{{/if}}
<ul>{{#each contactPersons}}<li>{{name}} – {{email}}</li>{{/each}}</ul>
<p>Fakturační e-mail: {{customer.invoiceEmail}}</p>`,
  text: 'Dobrý den, {{customer.name}}, vaše číslo je {{customer.number}}.',
};

/** A real SMTP server on loopback that only notes each message's Message-ID, in arrival order. */
async function smtpCounter() {
  const order: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        order.push(/^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '');
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    order,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function postgres() {
  const name = `bench_templates_${process.pid}`;
  const server = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres(join(projectRoot, 'data', 'bench-templates', 'postgres'));
  return {
    url: await createDatabase(server.url, name),
    stop: async () => {
      await dropDatabase(server.url, name);
      await server.stop();
    },
  };
}

async function bench(url: string): Promise<Figure[]> {
  const smtp = await smtpCounter();
  process.env.CLIENTELE_SCHEDULER = 'off';
  // Workers start once the outbox is full, so the order at the server reflects priority alone.
  process.env.CLIENTELE_WORKERS = 'off';
  const config = new ClienteleConfig(
    {
      plugins: ['contacts', 'templates'],
      settings: { templates: { smtpHost: '127.0.0.1', smtpPort: smtp.port, mailboxes: ['info@isp.example'] } },
    },
    projectRoot,
    { ...process.env, CLIENTELE_PLUGINS: undefined },
  );
  const app = await createApp({ databaseUrl: url, config, logLevel: 'silent' });
  const figures: Figure[] = [];
  try {
    const db = app.get(DataSource);
    const [{ server_version: version }] = await db.query('SHOW server_version');
    figures.push(...hardware(`PostgreSQL ${version}`));
    await app.get(AddressBooksService).create({ name: 'Praha' }, system);
    const customer = await app
      .get(CustomersService)
      .create(
        { name: 'Dvořák Jan', email: 'jan@example.com', street: 'Dlouhá 12', city: 'Praha', postcode: '110 00' },
        system,
      );
    const template = await app.get(TemplatesService).create(system, welcome);

    // Render: the compiled template over the customer's values, the way the outbox renders it.
    const values = await app.get(TemplateVariables).values('customer', customer.id, system);
    const compiled = app.get(CompiledTemplates);
    const times: number[] = [];
    for (let i = 0; i < RENDERS; i++) {
      const began = process.hrtime.bigint();
      compiled.render(template, values);
      times.push(Number(process.hrtime.bigint() - began) / 1e6);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    figures.push({
      measure: `template render, subject + HTML + text (${RENDERS} renders)`,
      value: `p95 ${p95.toFixed(3)} ms (p50 ${percentile(times, 50).toFixed(3)} ms)`,
      target: 'p95 ≤ 1 ms',
      met: p95 <= 1,
    });

    const messages = app.get(MessagesService);
    const urgent = new Set<string>();
    const queuedAt = Date.now();
    for (let i = 0; i < MESSAGES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, MESSAGES - i) }, async (_, k) => {
          const priority = (i + k) % URGENT_EVERY === 0 ? 5 : 0;
          const m = await messages.sendEmail(system, {
            customerId: customer.id,
            templateId: template.id,
            addresses: ['main'],
            priority,
          });
          if (priority) urgent.add(m.messageIdHeader);
        }),
      );
    }
    const queueSeconds = (Date.now() - queuedAt) / 1000;
    figures.push({
      measure: `${MESSAGES} e-mails rendered and queued in the outbox`,
      value: `${queueSeconds.toFixed(1)} s`,
    });

    const began = Date.now();
    await app.get(JobWorkers).start();
    while (smtp.order.length < MESSAGES && Date.now() - began < 600_000) await new Promise((r) => setTimeout(r, 100));
    const deliverSeconds = (Date.now() - began) / 1000;
    const unique = new Set(smtp.order).size;
    figures.push({
      measure: `${MESSAGES} e-mails delivered by the workers to the SMTP server`,
      value: `${deliverSeconds.toFixed(1)} s (${(MESSAGES / deliverSeconds).toFixed(0)}/s; ${unique} distinct Message-IDs)`,
    });
    const total = queueSeconds + deliverSeconds;
    figures.push({
      measure: `${MESSAGES} templated e-mails rendered and delivered, in all`,
      value: `${total.toFixed(1)} s`,
      target: '≤ 30 s',
      met: total <= 30 && unique === MESSAGES,
    });
    const lastUrgent = Math.max(...smtp.order.map((id, i) => (urgent.has(id) ? i : -1)));
    figures.push({
      measure: `priority: arrival position of the last of ${urgent.size} priority-5 e-mails`,
      value: `${lastUrgent + 1} of ${smtp.order.length}`,
      target: `≤ ${urgent.size + 10}`,
      met: lastUrgent + 1 <= urgent.size + 10,
    });
  } finally {
    // Workers stop taking jobs before the pool they fetch with closes.
    await app.get(JobWorkers).stop();
    await app.close();
    await smtp.close();
  }
  return figures;
}

const database = await postgres();
try {
  printTable('Clientele templates benchmark', await bench(database.url));
} finally {
  await database.stop();
}
process.exit(0);
