import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/request-context.js';
import { newId } from '../database/ids.js';
import { JobQueue } from '../jobs/job-queue.service.js';
import { EVENTS_CHANNEL } from '../migrations/0004-jobs-events.js';
import { PluginRegistry } from '../plugin/plugin-registry.js';
import type { EventClass, EventHandlerDefinition } from '../plugin/plugin.types.js';
import type { ClienteleEvent, EventEnvelope } from './clientele-event.js';
import { OutboxFeed } from './outbox-feed.js';

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

  constructor(
    registry: PluginRegistry,
    private readonly queue: JobQueue,
    private readonly feed: OutboxFeed,
  ) {
    for (const plugin of registry.plugins) {
      for (const event of plugin.metadata.events?.emits ?? []) {
        const owner = this.declared.get(event.type);
        if (owner && owner !== plugin.metadata.id)
          throw new Error(`Plugins "${owner}" and "${plugin.metadata.id}" both declare the event ${event.type}`);
        this.declared.set(event.type, plugin.metadata.id);
      }
      for (const definition of plugin.metadata.events?.handlers ?? []) {
        const key = `${plugin.metadata.id}/${definition.provider.name}.${definition.method}`;
        const list = this.handlers.get(definition.event.type) ?? [];
        list.push({ key, definition });
        this.handlers.set(definition.event.type, list);
      }
    }
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
    if (!this.declared.has(event.type))
      throw new Error(`The event ${event.type} is published but no enabled plugin declares it in events.emits`);
    const id = newId();
    const actorId = ctx?.userId || null;
    const [row] = await manager.query(
      `WITH e AS (
         INSERT INTO event_outbox (id, type, payload, record_type, record_id, node_id, permission, private_to, actor_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING sequence, occurred_at)
       SELECT sequence, occurred_at, pg_notify('${EVENTS_CHANNEL}', sequence::text) FROM e`,
      [
        id,
        event.type,
        JSON.stringify(event.payload),
        event.record?.type ?? null,
        event.record?.id ?? null,
        event.scope?.nodeId ?? null,
        event.scope?.permission ?? null,
        event.scope?.privateTo ?? null,
        actorId,
      ],
    );
    const envelope: EventEnvelope = {
      id,
      type: event.type,
      payload: event.payload,
      occurredAt: new Date(row.occurred_at).toISOString(),
      actorId,
      record: event.record ?? null,
    };
    for (const handler of this.handlers.get(event.type) ?? []) {
      await this.queue.enqueue(
        EVENT_HANDLERS_QUEUE,
        { handler: handler.key, envelope },
        { manager, key: `${id}:${handler.key}` },
      );
    }
    return envelope;
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
