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

/** Who is responsible for what an event is about: a user, or a user group (each of its members). */
export interface Responsible {
  userId: string | null;
  groupId: string | null;
}

/**
 * Marks an event class as one operators may be notified of (the templates plugin's notification
 * rules): `static readonly notifiable: Notifiable<Payload> = { … }`. It reads ids from the
 * payload only — what a notification says comes from the template variables of `context` for
 * `record`, whose sources check what may be said (a private ticket message never), never from
 * the payload itself.
 */
export interface Notifiable<P = any> {
  /** The template-variable context the event's record renders in (`ticket`, `customer` …). */
  context: string;
  /** The record of that context the event is about. */
  record(payload: P): string | null;
  /** The customer the event concerns, when it concerns one: its addresses and its variables become usable. */
  customer?(payload: P): string | null;
  /** Who is responsible for the record ("the assignee"), when the event knows. */
  assignee?(payload: P): Responsible | null;
  /** `false` for an occurrence that notifies nobody (e.g. a private ticket message). */
  when?(payload: P): boolean;
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
  /** Set on the events operators may be notified of (see `Notifiable`). */
  static readonly notifiable?: Notifiable;

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
