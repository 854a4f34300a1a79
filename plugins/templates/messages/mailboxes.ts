import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RequestContext, invalid } from '@clientele/core';

/** The sending mailbox: one of the configured ones, remembered per user as the next default. */
@Injectable()
export class Mailboxes {
  async choose(manager: EntityManager, ctx: RequestContext, configured: string[], asked?: string): Promise<string> {
    if (!configured.length) throw invalid('mailbox', 'NO_MAILBOX', 'No sending mailbox is configured');
    if (asked !== undefined) {
      const match = configured.find((m) => m.toLowerCase() === asked.toLowerCase());
      if (!match) throw invalid('mailbox', 'UNKNOWN_MAILBOX', `Send from one of: ${configured.join(', ')}`);
      if (ctx.userId) {
        await manager.query(
          `INSERT INTO message_sender_choices (user_id, mailbox) VALUES ($1, $2)
           ON CONFLICT (user_id) DO UPDATE SET mailbox = EXCLUDED.mailbox`,
          [ctx.userId, match],
        );
      }
      return match;
    }
    const [remembered] = ctx.userId
      ? await manager.query(`SELECT mailbox FROM message_sender_choices WHERE user_id = $1`, [ctx.userId])
      : [];
    return configured.find((m) => m === remembered?.mailbox) ?? configured[0];
  }
}
