import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How long the outbox keeps events (a PostgreSQL interval); `CLIENTELE_EVENT_RETENTION` overrides it. */
export const EVENT_RETENTION = process.env.CLIENTELE_EVENT_RETENTION ?? '7 days';

/**
 * Forgets events past their retention. Their handlers were queued when they committed, so only a
 * live-update client away for longer than that misses them on resume.
 */
@Injectable()
export class OutboxRetention {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async prune(): Promise<number> {
    const [, count] = await this.db.query(`DELETE FROM event_outbox WHERE occurred_at < now() - $1::interval`, [
      EVENT_RETENTION,
    ]);
    return count;
  }
}
