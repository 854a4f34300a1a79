import type { EventClass } from '../plugin/plugin.types.js';

export interface AuditableOptions<T = any> {
  /** Name of the record kind in history and events, e.g. `customer`. */
  type: string;
  /** The scope node a record sits on: history and access follow it. */
  node: (record: T) => string | null;
  /** How long a soft-deleted record can still be restored, as a PostgreSQL interval. */
  retention?: string;
  /** Fields never written to history (secrets). */
  secretFields?: string[];
  /** When set and it returns a user id, the record's history is visible to that user (and master admins) only. */
  privateTo?: (record: T) => string | null;
  /**
   * The event classes RecordService publishes, in the writing transaction, when a record of this
   * kind is created, updated, deleted or restored (RetentionService: `purged`); kinds without
   * them publish nothing.
   */
  events?: {
    created?: EventClass;
    updated?: EventClass;
    deleted?: EventClass;
    restored?: EventClass;
    purged?: EventClass;
  };
  /** The permission that reads the record at its node: live updates reach only those holding it. */
  readPermission?: string;
}

const AUDITABLE = Symbol('clientele:auditable');
const registry = new Map<Function, AuditableOptions>();

/** Marks an entity whose every change is kept in history (and, with `retention`, purged after soft delete). */
export function Auditable<T>(options: AuditableOptions<T>): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(AUDITABLE, options, target);
    registry.set(target, options);
  };
}

export function auditableOptions(entity: Function): AuditableOptions {
  const options = Reflect.getMetadata(AUDITABLE, entity);
  if (!options) throw new Error(`${entity.name} is not @Auditable`);
  return options;
}

export const auditableEntities = () => [...registry.entries()];
