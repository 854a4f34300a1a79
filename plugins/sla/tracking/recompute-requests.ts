import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue, RequestContext } from '@clientele/core';
import { RECOMPUTE_QUEUE } from '../constants.js';

/** What changed: the open records measured in it (or, for an assignment, below the node) are recomputed. */
export type RecomputeScope = { calendarId: string } | { contractId: string } | { nodeId: string };

/**
 * Asks for the deadlines of open records to be recomputed after a calendar or contract change,
 * in the change's own transaction: no change without its recompute, no recompute of a change
 * that rolled back. The job runs for the user who made the change, who sees its progress.
 */
@Injectable()
export class RecomputeRequests {
  constructor(private readonly queue: JobQueue) {}

  request(manager: EntityManager, scope: RecomputeScope, ctx: RequestContext) {
    return this.queue.enqueue(RECOMPUTE_QUEUE, scope, { manager, priority: 0, ctx: ctx.userId ? ctx : undefined });
  }
}
