import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { RequestContext } from '../auth/request-context.js';
import { newId } from '../database/ids.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { EVENTS_CHANNEL } from '../migrations/0004-jobs-events.js';
import { PluginRegistry } from '../plugin/plugin-registry.js';
import type { EventClass, EventHandlerDefinition } from '../plugin/plugin.types.js';
import type { ClienteleEvent, EventEnvelope, Notifiable } from './clientele-event.js';
import { OutboxEvent, OutboxFeed } from './outbox-feed.js';

/** Events written in a transaction not yet committed, with the savepoint depth each was written at. */
type Pending = { depth: number; event: OutboxEvent }[];

const depthOf = (runner: QueryRunner) => (runner as unknown as { transactionDepth: number }).transactionDepth;

/** The core queue that runs each handler of each event, one job per (event, handler). */
export const EVENT_HANDLERS_QUEUE = 'core.event-handlers';

/** A manifest's handler, named so a queued delivery finds it again in any process. */
export interface RegisteredHandler {
  key: string;
  definition: EventHandlerDefinition;
}

/**
 * Plugins talk to each other through typed events, never through each other's tables.
 * `publish` writes the event to the outbox in the caller's transaction together with one queued
 * delivery per handler the manifests declare: when the transaction rolls back nothing happened;
 * when it commits, every handler runs afterwards through the job queue (in whichever process
 * picks it up, retried when it throws, never undoing the write), and every process hears of it.
 */
@Injectable()
export class EventBus {
  private readonly handlers = new Map<string, RegisteredHandler[]>();
  /** Event type → the plugin whose manifest declares it in `events.emits`. */
  private readonly declared = new Map<string, string>();
  /** Event type → its class, for the `Notifiable` the class carries. */
  private readonly classes = new Map<string, EventClass>();
  private readonly pending = new WeakMap<QueryRunner, Pending>();

  constructor(
    registry: PluginRegistry,
    private readonly queue: JobQueue,
    private readonly feed: OutboxFeed,
    @InjectDataSource() db: DataSource,
  ) {
    this.deliverOnCommit(db);
    for (const plugin of registry.plugins) {
      for (const event of plugin.metadata.events?.emits ?? []) {
        const owner = this.declared.get(event.type);
        if (owner && owner !== plugin.metadata.id)
          throw new Error(`Plugins "${owner}" and "${plugin.metadata.id}" both declare the event ${event.type}`);
        this.declared.set(event.type, plugin.metadata.id);
        this.classes.set(event.type, event);
      }
    }
    for (const plugin of registry.plugins) {
      for (const definition of plugin.metadata.events?.handlers ?? []) {
        const key = `${plugin.metadata.id}/${definition.provider.name}.${definition.method}`;
        const types =
          definition.event === 'notifiable' ? this.notifiableEvents().map((e) => e.type) : [definition.event.type];
        for (const type of types) this.handlers.set(type, [...(this.handlers.get(type) ?? []), { key, definition }]);
      }
    }
  }

  /** The events of enabled plugins that operators may be notified of, by type. */
  notifiableEvents(): { type: string; plugin: string; notifiable: Notifiable }[] {
    return [...this.classes.values()]
      .filter((event) => event.notifiable)
      .map((event) => ({ type: event.type, plugin: this.declared.get(event.type)!, notifiable: event.notifiable! }))
      .sort((a, b) => a.type.localeCompare(b.type));
  }

  /** What an enabled plugin's event of this type says about notifying (`undefined`: it notifies nobody). */
  notifiable(type: string): Notifiable | undefined {
    return this.classes.get(type)?.notifiable;
  }

  /**
   * This process hears of its own events as soon as their transaction commits; events of a
   * savepoint rolled back (or of a rolled-back transaction) are forgotten.
   */
  private deliverOnCommit(db: DataSource) {
    db.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        const events = this.pending.get(queryRunner);
        if (!events) return;
        if (queryRunner.isTransactionActive) {
          // A savepoint was released: its events now stand or fall with the enclosing level.
          for (const held of events) held.depth = Math.min(held.depth, depthOf(queryRunner));
          return;
        }
        this.pending.delete(queryRunner);
        this.feed.deliverCommitted(events.map((p) => p.event));
      },
      afterTransactionRollback: ({ queryRunner }) => {
        const events = this.pending.get(queryRunner);
        if (!events) return;
        const kept = queryRunner.isTransactionActive ? events.filter((p) => p.depth <= depthOf(queryRunner)) : [];
        if (kept.length) this.pending.set(queryRunner, kept);
        else this.pending.delete(queryRunner);
      },
    });
  }

  handler(key: string): RegisteredHandler | undefined {
    return [...this.handlers.values()].flat().find((h) => h.key === key);
  }

  /**
   * Records the event in the caller's transaction (`manager` must be inside one). An event no
   * enabled plugin declares in its manifest's `events.emits` is refused, so every run that
   * publishes it (tests included) shows the manifest is wrong.
   */
  async publish(
    manager: EntityManager,
    event: ClienteleEvent<object>,
    ctx: RequestContext | null,
  ): Promise<EventEnvelope> {
    return (await this.publishMany(manager, [event], ctx))[0];
  }

  /**
   * `publish` for a batch (a bulk writer's events, each its own record's): one statement writes
   * them all, one more queues all their handlers.
   */
  async publishMany(
    manager: EntityManager,
    events: ClienteleEvent<object>[],
    ctx: RequestContext | null,
  ): Promise<EventEnvelope[]> {
    const undeclared = events.find((event) => !this.declared.has(event.type));
    if (undeclared)
      throw new Error(`The event ${undeclared.type} is published but no enabled plugin declares it in events.emits`);
    if (!events.length) return [];
    const ids = events.map(() => newId());
    const actorId = ctx?.userId || null;
    const rows: { id: string; sequence: number; occurred_at: Date }[] = await manager.query(
      `WITH e AS (
         INSERT INTO event_outbox (id, type, payload, record_type, record_id, node_id, permission, private_to, actor_id)
         SELECT u.*, $9::uuid
           FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::text[], $5::uuid[], $6::uuid[], $7::text[], $8::uuid[]) AS u
         RETURNING id, sequence, occurred_at)
       SELECT id, sequence::float8 AS sequence, occurred_at, (SELECT pg_notify('${EVENTS_CHANNEL}', max(sequence)::text) FROM e) FROM e`,
      [
        ids,
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.payload)),
        events.map((e) => e.record?.type ?? null),
        events.map((e) => e.record?.id ?? null),
        events.map((e) => e.scope?.nodeId ?? null),
        events.map((e) => e.scope?.permission ?? null),
        events.map((e) => e.scope?.privateTo ?? null),
        actorId,
      ],
    );
    const occurredAt = new Date(rows[0].occurred_at).toISOString();
    const envelopes = events.map((event, i): EventEnvelope => ({
      id: ids[i],
      type: event.type,
      payload: event.payload,
      occurredAt,
      actorId,
      record: event.record ?? null,
    }));
    this.holdUntilCommit(manager, events, envelopes, rows);
    const deliveries = envelopes.flatMap((envelope) =>
      (this.handlers.get(envelope.type) ?? []).map((handler) => ({ handler: handler.key, envelope })),
    );
    await this.queue.enqueueMany(EVENT_HANDLERS_QUEUE, deliveries, {
      manager,
      keyOf: (d) => `${d.envelope.id}:${d.handler}`,
    });
    return envelopes;
  }

  private holdUntilCommit(
    manager: EntityManager,
    events: ClienteleEvent<object>[],
    envelopes: EventEnvelope[],
    rows: { id: string; sequence: number }[],
  ) {
    const runner = manager.queryRunner;
    if (!runner) return;
    const sequences = new Map(rows.map((r) => [r.id, r.sequence]));
    const held = this.pending.get(runner) ?? [];
    events.forEach((event, i) =>
      held.push({
        depth: depthOf(runner),
        event: {
          sequence: sequences.get(envelopes[i].id)!,
          envelope: envelopes[i],
          scope: event.scope
            ? {
                nodeId: event.scope.nodeId,
                permission: event.scope.permission,
                privateTo: event.scope.privateTo ?? null,
              }
            : null,
        },
      }),
    );
    this.pending.set(runner, held);
  }

  /**
   * Calls `listener` in this process for every committed event of the class, whichever process
   * published it — for what each process keeps to itself (caches). Work that must happen once
   * belongs in a manifest handler instead.
   */
  on<P>(event: EventClass<P>, listener: (envelope: EventEnvelope<P>) => void) {
    this.feed.listen((events) => {
      for (const { envelope } of events) if (envelope.type === event.type) listener(envelope as EventEnvelope<P>);
    });
  }
}
