import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { RequestContext } from '../auth/request-context.js';

export interface RecordEvent<T = unknown> {
  type: string;
  action: 'created' | 'updated' | 'deleted' | 'restored';
  record: T;
  ctx: RequestContext;
}

/** Plugins talk to each other through named events (`customer.deleted`), never through each other's tables. */
@Injectable()
export class EventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  /** Handlers run before the call returns, so a failing handler is noticed by the caller. */
  async emit(event: string, payload: unknown) {
    await this.emitter.emitAsync(event, payload);
  }

  on(event: string, handler: (payload: any) => unknown) {
    this.emitter.on(event, handler, { async: false, promisify: true });
  }
}
