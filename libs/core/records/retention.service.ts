import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClienteleConfig } from '../config/config.js';
import { RequestContext } from '../auth/request-context.js';
import { RecordsPurged } from '../events/clientele-event.js';
import { EventBus } from '../events/event-bus.js';
import { auditableEntities } from './auditable.js';

/** Purges soft-deleted records whose retention has run out, one set-based statement per table and one event per kind. */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ClienteleConfig,
    private readonly events: EventBus,
  ) {}

  async purge(): Promise<Record<string, number>> {
    const purged: Record<string, number> = {};
    for (const [target, options] of auditableEntities()) {
      if (!this.db.hasMetadata(target)) continue;
      const metadata = this.db.getMetadata(target);
      if (!metadata.findColumnWithPropertyName('deletedAt')) continue;
      const retention = this.config.retentionFor(options.type, options.retention);
      const rows: { id: string }[] = await this.db.transaction(async (m) => {
        const gone: { id: string }[] = await m.query(
          `WITH gone AS (DELETE FROM "${metadata.tableName}" WHERE deleted_at < now() - $1::interval RETURNING id)
           INSERT INTO history (id, entity_type, entity_id, action, changes)
           SELECT clientele_uuid_v7(), $2, id, 'purge', '{}' FROM gone RETURNING entity_id AS id`,
          [retention, options.type],
        );
        const event = options.events?.purged as
          (new (...args: ConstructorParameters<typeof RecordsPurged>) => RecordsPurged) | undefined;
        if (gone.length && event) {
          const scope = options.readPermission ? { nodeId: null, permission: options.readPermission } : undefined;
          await this.events.publish(
            m,
            new event({ ids: gone.map((r) => r.id) }, scope, { type: options.type, id: null }),
            RequestContext.system(),
          );
        }
        return gone;
      });
      if (rows.length) {
        purged[options.type] = rows.length;
        this.logger.log(`purged ${rows.length} ${options.type} record(s) deleted more than ${retention} ago`);
      }
    }
    return purged;
  }
}
