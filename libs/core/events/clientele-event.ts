/**
 * Base of every typed event. A subclass names its `type` once; the payload is plain JSON (ids,
 * not entities), because the event travels through the outbox table to other server processes.
 * `scope` says where the changed record hangs in the access tree and which permission reads it,
 * so live updates reach only those who could list the record.
 */
export abstract class ClienteleEvent<P extends object = Record<string, unknown>> {
  static readonly type: string;

  constructor(
    readonly payload: P,
    readonly scope?: { nodeId: string | null; permission: string },
  ) {}

  get type(): string {
    return (this.constructor as unknown as { type: string }).type;
  }
}

/** What a handler receives beside the payload, and what the live-update stream sends. */
export interface EventEnvelope<P = unknown> {
  /** Unique per event: handlers keep it to stay idempotent under at-least-once delivery. */
  id: string;
  type: string;
  payload: P;
  occurredAt: string;
  actorId: string | null;
}
