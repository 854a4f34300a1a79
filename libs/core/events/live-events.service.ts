import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service.js';
import { SYSTEM_NODE_ID } from '../access/constants.js';
import type { RequestContext } from '../auth/request-context.js';
import { OUTBOX_COLUMNS, OutboxEvent, OutboxFeed, outboxEvent } from './outbox-feed.js';

/** How many missed events a resumed stream replays at most. */
const REPLAY_LIMIT = 10_000;

/**
 * Live updates: the committed events a user may see, as they commit in any server process.
 * Each event is checked as a list of its record would be — the event's read permission at the
 * record's node (deleted records included, so a deletion reaches those who saw the record), and
 * a private record only for its owner (and master admins). Serves `GET /api/events` and the
 * admin UI's stream alike.
 */
@Injectable()
export class LiveEvents {
  private readonly logger = new Logger('LiveEvents');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly feed: OutboxFeed,
  ) {}

  /**
   * Calls `onEvent` for every visible event committed from now on — after first replaying those
   * after `lastEventId` (a sequence) when given — in order. When the replay cannot be whole (the
   * outbox has forgotten events after `lastEventId`, or more were missed than a replay sends),
   * `onGap` is called instead of replaying: the client must reload what it shows. Returns what
   * ends the subscription.
   */
  async subscribe(
    ctx: RequestContext,
    lastEventId: number | null,
    onEvent: (event: OutboxEvent) => void,
    onGap: () => void = () => undefined,
  ): Promise<() => void> {
    let closed = false;
    let delivery = Promise.resolve();
    const deliver = (events: OutboxEvent[]) => {
      if (!events.length) return;
      delivery = delivery
        .then(async () => {
          if (closed) return;
          for (const event of await this.visible(ctx, events)) if (!closed) onEvent(event);
        })
        .catch((error: Error) => this.logger.warn(`live update not delivered: ${error.message}`));
    };
    let held: OutboxEvent[] | null = lastEventId === null ? null : [];
    const stop = this.feed.listen((events) => (held ? held.push(...events) : deliver(events)));
    if (lastEventId !== null) {
      try {
        const missed = (
          await this.db.query(
            `SELECT ${OUTBOX_COLUMNS} FROM event_outbox WHERE sequence > $1 ORDER BY sequence LIMIT ${REPLAY_LIMIT}`,
            [lastEventId],
          )
        ).map(outboxEvent);
        const replayed = new Set(missed.map((e: OutboxEvent) => e.sequence));
        if (missed.length === REPLAY_LIMIT || (await this.forgottenAfter(lastEventId))) onGap();
        else deliver(missed);
        deliver(held!.filter((e) => !replayed.has(e.sequence)));
        held = null;
      } catch (error) {
        stop();
        throw error;
      }
    }
    return () => {
      closed = true;
      stop();
    };
  }

  /**
   * Whether retention may have removed events after `sequence`: the oldest kept event comes later
   * than the next one (or nothing is kept and the outbox has numbered events since). A sequence
   * number a rolled-back transaction took also leaves a hole, so this can answer yes for nothing
   * lost — the client then reloads once, which costs less than showing stale data.
   */
  private async forgottenAfter(sequence: number): Promise<boolean> {
    const [{ first, last }] = await this.db.query(
      `SELECT (SELECT min(sequence) FROM event_outbox) AS first,
              pg_sequence_last_value(pg_get_serial_sequence('event_outbox', 'sequence')) AS last`,
    );
    return first !== null ? Number(first) > sequence + 1 : Number(last ?? 0) > sequence;
  }

  /** The events `ctx` may see, in one access query per permission for the whole batch. */
  async visible(ctx: RequestContext, events: OutboxEvent[]): Promise<OutboxEvent[]> {
    if (!ctx.user) return [];
    const candidates = events.filter((e) =>
      e.scope ? ctx.isMasterAdmin || !e.scope.privateTo || e.scope.privateTo === ctx.userId : ctx.isMasterAdmin,
    );
    if (ctx.isMasterAdmin || !candidates.length) return candidates;
    const nodesByPermission = new Map<string, Set<string>>();
    for (const { scope } of candidates) {
      const nodes = nodesByPermission.get(scope!.permission) ?? new Set<string>();
      nodes.add(scope!.nodeId ?? SYSTEM_NODE_ID);
      nodesByPermission.set(scope!.permission, nodes);
    }
    const allowed = new Set<string>();
    for (const [permission, nodes] of nodesByPermission) {
      const params: unknown[] = [[...nodes]];
      const condition = this.access.filterSql('n.node', permission, ctx, params, { includeDisabled: true });
      const rows: { node: string }[] = await this.db.query(
        `SELECT n.node FROM unnest($1::uuid[]) AS n(node) WHERE ${condition}`,
        params,
      );
      for (const { node } of rows) allowed.add(`${permission} ${node}`);
    }
    return candidates.filter((e) => allowed.has(`${e.scope!.permission} ${e.scope!.nodeId ?? SYSTEM_NODE_ID}`));
  }
}
