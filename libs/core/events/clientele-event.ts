/**
 * Who may see an event in live updates: those holding `permission` at `nodeId` (or above it),
 * as a list of the record would check; `nodeId: null` means at the root (operator-wide).
 * `privateTo` narrows it to one user (and master admins), e.g. a private note's author.
 */
export interface EventScope {
  nodeId: string | null;
  permission: string;
  privateTo?: string | null;
}

/** The record an event is about, for clients that refresh what they show. */
export interface EventRecord {
  type: string;
  id: string | null;
}

/**
 * Base of every typed event. A subclass names its `type` once; the payload is plain JSON (ids,
 * not entities), because the event travels through the outbox table to other server processes.
 * `scope` says where the changed record hangs in the access tree and which permission reads it,
 * so live updates reach only those who could list the record; an event without a scope reaches
 * master admins only.
 */
export abstract class ClienteleEvent<P extends object = Record<string, unknown>> {
  static readonly type: string;

  constructor(
    readonly payload: P,
    readonly scope?: EventScope,
    readonly record?: EventRecord,
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
  record: EventRecord | null;
}

/** What RecordService publishes when a record is created, changed, deleted or restored. */
export interface RecordChange {
  id: string;
  version: number;
}

/** Base of a record's change events (`customer.created` …), published by RecordService in the writing transaction. */
export abstract class RecordChanged extends ClienteleEvent<RecordChange> {}

/** Base of a record kind's purge event: soft-deleted records whose retention ran out are gone for good. */
export abstract class RecordsPurged extends ClienteleEvent<{ ids: string[] }> {}
