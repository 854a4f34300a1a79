import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import type { Writable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { EventBus, SettingsService, type BatchJob, type JobInfo } from '@clientele/core';
import { TemplatesSettings } from '../settings.js';
import { DELIVERY_ATTEMPTS } from '../constants.js';
import { Message } from '../entities/message.entity.js';
import { MessageDelivered, MessageFailed } from '../events.js';
import { SmsGateway } from '../sms/sms-gateway.js';
import { SmtpTransport } from './smtp-transport.js';

/**
 * Delivers one queued message per job (a fetched batch of jobs claimed together), so that a
 * message is delivered once even when processes die or a job runs twice.
 *
 * The attempt is recorded first (status `sending`, visible to people). Then one transaction locks
 * the message and writes it as sent (and its event). For e-mail, `SmtpTransport` hands that
 * transaction's COMMIT and the SMTP DATA terminator to the kernel back to back (see there); what
 * is left between them is microseconds. A server that refuses after the terminator puts the
 * message back to the queue (its `message.sent` event has then been told already); a commit that
 * fails while the server took the message (the database lost mid-commit) does too, and that
 * message is sent twice. An SMS commits after the gateway's answer; killed in between, the SMS
 * goes out again.
 *
 * While the exchange runs, the row lock makes any other attempt at the same message (a job run
 * again after its process seemed dead) wait and then find it sent. `test/crash.e2e-spec.ts`
 * kills the server while it sends and counts what the SMTP server received.
 */
@Injectable()
export class MessageSender implements OnApplicationShutdown {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly smtp: SmtpTransport,
    private readonly sms: SmsGateway,
    private readonly events: EventBus,
    private readonly settings: SettingsService,
  ) {}

  async send(data: { messageId: string }, _progress: unknown, job: JobInfo) {
    const [attempt] = await this.claim([data.messageId]);
    if (attempt) await this.deliver(attempt, job, await this.settings.get(TemplatesSettings));
  }

  /** A fetched batch of jobs: their attempts claimed in one statement, then each delivered (and failing) on its own. */
  async sendBatch(jobs: BatchJob<{ messageId: string }>[]): Promise<PromiseSettledResult<void>[]> {
    const attempts = new Map((await this.claim(jobs.map((j) => j.input.messageId))).map((a) => [a.id, a]));
    const settings = await this.settings.get(TemplatesSettings);
    return Promise.allSettled(
      jobs.map(async ({ input, info }) => {
        const attempt = attempts.get(input.messageId);
        if (attempt) await this.deliver(attempt, info, settings);
      }),
    );
  }

  private async deliver(attempt: Message, job: JobInfo, settings: TemplatesSettings) {
    const runner = this.db.createQueryRunner();
    const commit = () => runner.commitTransaction();
    try {
      const client: pg.PoolClient = await runner.connect();
      await runner.startTransaction();
      if (!(await this.markSent(runner.manager, attempt))) return await commit();
      await this.events.publish(
        runner.manager,
        new MessageDelivered({ messageId: attempt.id, customerId: attempt.customerId }),
        null,
      );
      if (attempt.channel === 'sms') {
        await this.sms.send(attempt, settings);
        await commit();
      } else {
        await this.smtp.send(attempt, settings, { socket: databaseSocket(client), commit });
      }
    } catch (error) {
      // Still active when the COMMIT was never written, or failed.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await this.failed(attempt, (error as Error).message, job.attempt >= DELIVERY_ATTEMPTS);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Records the attempts in one statement; nothing to do for a message already sent or parked (a
   * repeated job). Rows are locked in id order, so two batches sharing a message wait rather than deadlock.
   */
  private async claim(ids: string[]): Promise<Message[]> {
    const [rows] = await this.db.query(
      `UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id IN (SELECT id FROM messages WHERE id = ANY ($1::uuid[]) ORDER BY id FOR UPDATE)
          AND status IN ('queued', 'sending')
        RETURNING id, channel, customer_id AS "customerId", sender, recipients, subject, html, text, attachments,
                  message_id_header AS "messageIdHeader", attempts`,
      [ids],
    );
    return rows;
  }

  /** Writes this attempt as the delivery, which locks the row; false when a later attempt has claimed the message since. */
  private async markSent(m: EntityManager, attempt: Message): Promise<boolean> {
    const [rows] = await m.query(
      `UPDATE messages SET status = 'sent', sent_at = now(), last_error = NULL, updated_at = now()
        WHERE id = $1 AND status = 'sending' AND attempts = $2 RETURNING id`,
      [attempt.id, attempt.attempts],
    );
    return rows.length > 0;
  }

  private async failed(message: Message, error: string, last: boolean) {
    await this.db.transaction(async (m) => {
      const [parked] = await m.query(
        `UPDATE messages SET status = $2, last_error = $3, updated_at = now()
          WHERE id = $1 AND status IN ('sending', 'sent') AND attempts = $4 RETURNING id`,
        [message.id, last ? 'failed' : 'queued', error.slice(0, 2000), message.attempts],
      );
      if (last && parked.length)
        await this.events.publish(
          m,
          new MessageFailed({ messageId: message.id, customerId: message.customerId, error }),
          null,
        );
    });
  }

  onApplicationShutdown() {
    this.smtp.close();
  }
}

/** The socket under a pg client (`Client.connection.stream`), which pg types leave out. */
const databaseSocket = (client: pg.PoolClient) =>
  (client as unknown as { connection: { stream: Writable } }).connection.stream;
