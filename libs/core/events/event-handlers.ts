import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { QueueDefinition } from '../plugin/plugin.types.js';
import type { EventEnvelope } from './clientele-event.js';
import { EVENT_HANDLERS_QUEUE, EventBus } from './event-bus.js';

/** Runs one manifest handler for one committed event (a job of the core queue). */
@Injectable()
export class EventDelivery {
  constructor(
    private readonly bus: EventBus,
    private readonly moduleRef: ModuleRef,
  ) {}

  async deliver(data: { handler: string; envelope: EventEnvelope }) {
    const handler = this.bus.handler(data.handler);
    // A handler removed from its manifest since the event was published has nothing left to do.
    if (!handler) return { skipped: true };
    const provider = this.moduleRef.get(handler.definition.provider, { strict: false });
    await provider[handler.definition.method](data.envelope.payload, data.envelope);
    return null;
  }
}

export const eventHandlersQueue: QueueDefinition = {
  name: EVENT_HANDLERS_QUEUE,
  description: 'Runs the handlers of committed events, each retried on its own',
  provider: EventDelivery,
  method: 'deliver',
  retryLimit: 5,
  retryDelay: 2,
  concurrency: 20,
};
