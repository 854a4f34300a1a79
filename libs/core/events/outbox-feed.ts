import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { EVENTS_CHANNEL } from '../migrations/0004-jobs-events.js';
import type { EventEnvelope, EventScope } from './clientele-event.js';

/** A committed event as the outbox holds it: its place in the order of all events, and who may see it. */
export interface OutboxEvent {
  sequence: number;
  envelope: EventEnvelope;
  scope: EventScope | null;
}

export const OUTBOX_COLUMNS = `sequence::float8 AS sequence, id, type, payload, record_type, record_id, node_id, permission, private_to, actor_id, occurred_at`;

export function outboxEvent(row: any): OutboxEvent {
  return {
    sequence: row.sequence,
    envelope: {
      id: row.id,
      type: row.type,
      payload: row.payload,
      occurredAt: new Date(row.occurred_at).toISOString(),
      actorId: row.actor_id,
      record: row.record_type ? { type: row.record_type, id: row.record_id } : null,
    },
    scope: row.permission ? { nodeId: row.node_id, permission: row.permission, privateTo: row.private_to } : null,
  };
}

/** Without a notification (a pooler in between, a lost connection) the outbox is read this often anyway. */
const POLL_MS = Number(process.env.CLIENTELE_EVENT_POLL_MS ?? 1000);
/**
 * Sequences are taken when an event is written, not when it commits: a later one can commit
 * first. A missing sequence is looked for again this long (then taken for a rollback).
 */
const GAP_WAIT_MS = 10_000;
const PAGE = 1000;
/** How many delivered sequences are remembered, so an event heard twice is delivered once. */
const REMEMBERED = 10_000;

/**
 * This process's view of committed events, in sequence order: one dedicated connection LISTENs
 * for the notification each event sends on commit and the outbox is then read from the last
 * sequence seen. Set `DATABASE_DIRECT_URL` when `DATABASE_URL` goes through a transaction-mode
 * pooler (PgBouncer), which does not deliver notifications; without any, the feed still reads
 * the outbox every second.
 */
@Injectable()
export class OutboxFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly listeners = new Set<(events: OutboxEvent[]) => void>();
  private cursor = 0;
  private readonly gaps = new Map<number, number>();
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** When the last read of the outbox finished, for the lag an operator watches. */
  private lastReadAt = 0;
  /** Sequences delivered lately (in delivery order), whether read from the outbox or committed here. */
  private readonly delivered = new Set<number>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Delivers events this process has just committed at once, before their notification comes
   * back, so what runs next here already knows of them; the outbox read then skips them.
   */
  deliverCommitted(events: OutboxEvent[]) {
    this.deliver(events);
  }

  /** Calls `listener` with each batch of newly committed events; returns what stops it. */
  listen(listener: (events: OutboxEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onApplicationBootstrap() {
    const [{ last }] = await this.db.query(`SELECT COALESCE(max(sequence), 0)::float8 AS last FROM event_outbox`);
    this.cursor = last;
    await this.connect();
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
  }

  /** Before the shutdown hooks, which close the connection pool a last poll would still use. */
  async beforeApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    await this.client?.end().catch(() => undefined);
  }

  /** Seconds since this process last read the outbox, and how many committed events it has not read yet. */
  async lag(): Promise<{ seconds: number; unread: number }> {
    const [{ unread }] = await this.db.query(`SELECT count(*)::int AS unread FROM event_outbox WHERE sequence > $1`, [
      this.cursor,
    ]);
    return { seconds: this.lastReadAt ? (Date.now() - this.lastReadAt) / 1000 : 0, unread };
  }

  private async connect() {
    const url = process.env.DATABASE_DIRECT_URL ?? (this.db.options as { url?: string }).url;
    const client = new pg.Client({ connectionString: url, application_name: 'clientele-events' });
    client.on('notification', () => this.wake());
    client.on('error', (error) => this.logger.warn(`event notifications: ${error.message}`));
    client.on('end', () => {
      if (this.client === client) this.client = null;
      // Reconnect; meanwhile the timer keeps reading the outbox.
      if (!this.stopped) setTimeout(() => void this.connect(), POLL_MS).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.client = client;
      // What committed while nobody listened.
      this.wake();
    } catch (error) {
      this.logger.warn(`cannot listen for events, reading the outbox every ${POLL_MS} ms: ${(error as Error).message}`);
      await client.end().catch(() => undefined);
    }
  }

  /** Reads the outbox now, or right after the read in progress. */
  wake() {
    if (this.stopped) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.read()
      .catch((error: Error) => this.logger.warn(`reading the outbox: ${error.message}`))
      .finally(() => {
        this.polling = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async read() {
    for (;;) {
      const gaps = [...this.gaps.keys()];
      const rows = await this.db.query(
        `SELECT ${OUTBOX_COLUMNS} FROM event_outbox WHERE sequence > $1 OR sequence = ANY ($2::bigint[]) ORDER BY sequence LIMIT ${PAGE}`,
        [this.cursor, gaps],
      );
      this.lastReadAt = Date.now();
      const now = Date.now();
      const fresh: OutboxEvent[] = [];
      for (const row of rows) {
        const event = outboxEvent(row);
        if (this.gaps.delete(event.sequence)) {
          fresh.push(event);
          continue;
        }
        for (let missing = this.cursor + 1; missing < event.sequence && this.gaps.size < 10_000; missing++)
          this.gaps.set(missing, now);
        this.cursor = Math.max(this.cursor, event.sequence);
        fresh.push(event);
      }
      for (const [sequence, since] of this.gaps) if (now - since > GAP_WAIT_MS) this.gaps.delete(sequence);
      this.deliver(fresh);
      if (rows.length < PAGE) return;
    }
  }

  private deliver(events: OutboxEvent[]) {
    const fresh = events.filter((e) => !this.delivered.has(e.sequence));
    if (!fresh.length) return;
    for (const { sequence } of fresh) this.delivered.add(sequence);
    for (const sequence of this.delivered) {
      if (this.delivered.size <= REMEMBERED) break;
      this.delivered.delete(sequence);
    }
    for (const listener of this.listeners) {
      try {
        listener(fresh);
      } catch (error) {
        this.logger.warn(`an event listener failed: ${(error as Error).message}`);
      }
    }
  }
}
