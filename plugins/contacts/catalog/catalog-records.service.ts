import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  BaseRecord,
  ListQueryDto,
  RecordService,
  RequestContext,
  SYSTEM_NODE_ID,
  conflict,
  forbidden,
  notFound,
  paginate,
  refused,
} from '@clientele/core';
import { CATALOG_MANAGE, MAX_SUPPORT_PARAMETERS } from '../constants.js';
import { CustomerState } from '../entities/customer-state.entity.js';
import { ServiceTemplate } from '../entities/service-template.entity.js';
import { SupportParameter } from '../entities/support-parameter.entity.js';

type CatalogEntity = typeof ServiceTemplate | typeof CustomerState | typeof SupportParameter;

/**
 * The operator's lists (service templates, customer states, support parameters): anyone signed
 * in reads them, `contacts.catalog.manage` on the system changes them.
 */
@Injectable()
export class CatalogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
  ) {}

  list(entity: CatalogEntity, query: ListQueryDto, sort: 'name' | 'position' = 'name') {
    const qb = this.db.getRepository<BaseRecord>(entity).createQueryBuilder('x');
    return paginate(qb, query, {
      sorts: {
        name: { column: 'x.name', value: (x: any) => x.name, type: 'text' },
        position: { column: 'x.position', value: (x: any) => x.position, type: 'numeric' },
      },
      defaultSort: sort,
      idColumn: 'x.id',
    });
  }

  async get<T extends BaseRecord>(entity: new () => T, id: string) {
    const found = await this.db.getRepository(entity).findOne({ where: { id } as any });
    if (!found) throw notFound();
    return found;
  }

  /** The catalog is readable by every signed-in user, so a refused change is a 403, not a 404. */
  private async requireManage(ctx: RequestContext) {
    if (!(await this.access.can(ctx, CATALOG_MANAGE, SYSTEM_NODE_ID)))
      throw forbidden('Managing the catalog needs contacts.catalog.manage');
  }

  async create<T extends BaseRecord & { code: string }>(entity: new () => T, data: Partial<T>, ctx: RequestContext) {
    await this.requireManage(ctx);
    const taken = await this.db.getRepository(entity).findOne({ where: { code: data.code } as any });
    if (taken) throw conflict('CODE_TAKEN', `"${data.code}" is already used`, 'code');
    if (entity === (SupportParameter as unknown))
      await this.checkSupportSlot((data as unknown as SupportParameter).position);
    return this.records.create(entity, data, ctx);
  }

  async update<T extends BaseRecord>(
    entity: new () => T,
    id: string,
    version: number | undefined,
    patch: Partial<T>,
    ctx: RequestContext,
  ) {
    await this.requireManage(ctx);
    await this.get(entity, id);
    return this.records.update(entity, id, version, patch, ctx);
  }

  /** Refuses while records still use the entry (the database would refuse anyway; this says why). */
  async remove(entity: CatalogEntity, id: string, ctx: RequestContext) {
    await this.requireManage(ctx);
    await this.get<BaseRecord>(entity, id);
    try {
      await this.db.getRepository<BaseRecord>(entity).delete(id);
    } catch {
      throw refused('IN_USE', 'Records still use this entry');
    }
  }

  private async checkSupportSlot(position: number) {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM contacts_support_parameters`);
    if (count >= MAX_SUPPORT_PARAMETERS)
      throw refused('TOO_MANY_SUPPORT_PARAMETERS', `At most ${MAX_SUPPORT_PARAMETERS} support parameters`);
    const [taken] = await this.db.query(`SELECT 1 FROM contacts_support_parameters WHERE position = $1`, [position]);
    if (taken) throw conflict('POSITION_TAKEN', `Slot ${position} is taken`, 'position');
  }
}
