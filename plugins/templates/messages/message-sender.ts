import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EventBus, type JobInfo } from '@clientele/core';
import { DELIVERY_ATTEMPTS } from '../constants.js';
import { Message } from '../entities/message.entity.js';
import { MessageDelivered, MessageFailed } from '../events.js';
import { SmsGateway } from '../sms/sms-gateway.js';
import { SmtpTransport } from './smtp-transport.js';

/**
 * Delivers one queued message per job. Each attempt is recorded before the server is spoken to,
 * and the delivery is committed the moment the server accepts the message, so a message already
 * sent is never sent again by a later attempt or another process. What is left is the instant
 * between the server's acceptance and that commit: a process killed exactly then sends the
 * message again on restart, with the same Message-ID, which lets the receiving side drop it.
 */
@Injectable()
export class MessageSender implements OnApplicationShutdown {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly smtp: SmtpTransport,
    private readonly sms: SmsGateway,
    private readonly events: EventBus,
  ) {}

  async send(data: { messageId: string }, _progress: unknown, job: JobInfo) {
    const message = await this.claim(data.messageId);
    if (!message) return;
    try {
      await (message.channel === 'sms' ? this.sms.send(message) : this.smtp.send(message));
    } catch (error) {
      await this.failed(message, (error as Error).message, job.attempt >= DELIVERY_ATTEMPTS);
      throw error;
    }
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE messages SET status = 'sent', sent_at = now(), last_error = NULL, updated_at = now() WHERE id = $1`, [message.id]);
      await this.events.publish(m, new MessageDelivered({ messageId: message.id, customerId: message.customerId }), null);
    });
  }

  /** Marks the attempt; nothing to do for a message already sent or parked (a repeated job). */
  private async claim(id: string): Promise<Message | null> {
    return this.db.transaction(async (m) => {
      const message = await m.findOne(Message, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!message || message.status === 'sent' || message.status === 'failed') return null;
      message.status = 'sending';
      message.attempts += 1;
      await m.save(message);
      return message;
    });
  }

  private async failed(message: Message, error: string, last: boolean) {
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE messages SET status = $2, last_error = $3, updated_at = now() WHERE id = $1`, [
        message.id,
        last ? 'failed' : 'queued',
        error.slice(0, 2000),
      ]);
      if (last) await this.events.publish(m, new MessageFailed({ messageId: message.id, customerId: message.customerId, error }), null);
    });
  }

  onApplicationShutdown() {
    this.smtp.close();
  }
}
