import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, ListQueryDto, RequestContext, ScopedRecords, newId, notFound, paginate } from '@clientele/core';
import { SERVICE_DELETE, SERVICE_READ, SERVICE_WRITE } from '../constants.js';
import { Service, type ServiceStatus } from '../entities/service.entity.js';
import { ServicePeriod } from '../entities/service-period.entity.js';
import { ContactsCatalog } from '../catalog/catalog-lookups.js';

/** Services of consumers; each is a scope node under its consumer (node id = service id). */
@Injectable()
export class ServicesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scoped: ScopedRecords,
    private readonly access: AccessService,
    private readonly catalog: ContactsCatalog,
  ) {}

  /** Creates a service from a template in the caller's transaction; its first connection period opens now. */
  async createInTransaction(
    manager: EntityManager,
    consumer: { id: string; customerId: string },
    template: { id: string; name: string; default_settings: Record<string, unknown> },
    data: { name?: string; settings?: Record<string, unknown> },
    ctx: RequestContext,
  ) {
    const service = await this.scoped.create(
      Service,
      consumer.id,
      {
        consumerId: consumer.id,
        customerId: consumer.customerId,
        templateId: template.id,
        name: data.name ?? template.name,
        status: 'active',
        settings: { ...template.default_settings, ...data.settings },
      },
      ctx,
      manager,
    );
    await manager.insert(ServicePeriod, {
      id: newId(),
      serviceId: service.id,
      templateId: template.id,
      connectedAt: new Date(),
      disconnectedAt: null,
    });
    return service;
  }

  async create(
    consumerId: string,
    dto: { templateId?: string; name?: string; settings?: Record<string, unknown> },
    ctx: RequestContext,
  ) {
    return this.db.transaction(async (m) => {
      const [consumer] = await m.query(
        `SELECT id, customer_id FROM contacts_consumers WHERE id = $1 AND deleted_at IS NULL`,
        [consumerId],
      );
      if (!consumer) throw notFound('Consumer');
      await this.access.require(ctx, SERVICE_WRITE, consumerId, SERVICE_READ, m);
      const template = await this.catalog.serviceTemplate(dto.templateId, m);
      if (!template) throw notFound('Service template');
      return this.createInTransaction(m, { id: consumer.id, customerId: consumer.customer_id }, template, dto, ctx);
    });
  }

  list(consumerId: string, ctx: RequestContext, query: ListQueryDto) {
    const qb = this.db
      .getRepository(Service)
      .createQueryBuilder('s')
      .where('s.consumerId = :consumerId', { consumerId });
    this.scoped.restrictList(qb, 's', SERVICE_READ, ctx, query.deleted);
    return paginate(qb, query, {
      sorts: { name: { column: 's.name', value: (s: Service) => s.name, type: 'text' } },
      defaultSort: 'name',
      idColumn: 's.id',
      filters: { status: { column: 's.status' }, templateId: { column: 's.templateId', type: 'uuid' } },
    });
  }

  async get(id: string, ctx: RequestContext, options: { includeDeleted?: boolean } = {}) {
    const service = await this.db.getRepository(Service).findOne({ where: { id } });
    if (!service || (service.deletedAt && !options.includeDeleted)) throw notFound('Service');
    if (
      !(await this.access.can(ctx, SERVICE_READ, id)) &&
      !(service.deletedAt && (await this.canSeeDeleted(ctx, service)))
    )
      throw notFound('Service');
    const periods = await this.db
      .getRepository(ServicePeriod)
      .find({ where: { serviceId: id }, order: { connectedAt: 'ASC' } });
    return { ...service, periods };
  }

  /** A deleted service's node is disabled; whoever may delete at its consumer may still see it to restore it. */
  private canSeeDeleted(ctx: RequestContext, service: Service) {
    return this.access.can(ctx, SERVICE_DELETE, service.consumerId);
  }

  /**
   * Changes a service. A new template or a disconnection closes the running period (and a new
   * template opens the next one), which keeps the product history with dates.
   */
  async update(
    id: string,
    dto: {
      name?: string;
      status?: ServiceStatus;
      templateId?: string;
      settings?: Record<string, unknown>;
      version?: number;
    },
    ctx: RequestContext,
  ) {
    await this.access.require(ctx, SERVICE_WRITE, id, SERVICE_READ);
    return this.db.transaction(async (m) => {
      const template = dto.templateId ? await this.catalog.serviceTemplate(dto.templateId, m) : null;
      return this.scoped.update(
        Service,
        id,
        dto.version,
        async (s, mm) => {
          if (s.deletedAt) throw notFound('Service');
          const wasRunning = s.status !== 'disconnected';
          if (dto.name !== undefined) s.name = dto.name;
          if (dto.settings !== undefined) s.settings = dto.settings;
          if (dto.status !== undefined) s.status = dto.status;
          const templateChanged = template && template.id !== s.templateId;
          if (template) s.templateId = template.id;
          const running = s.status !== 'disconnected';
          if ((wasRunning && !running) || (wasRunning && templateChanged)) {
            await mm.query(
              `UPDATE contacts_service_periods SET disconnected_at = now() WHERE service_id = $1 AND disconnected_at IS NULL`,
              [id],
            );
          }
          if (running && (!wasRunning || templateChanged)) {
            await mm.insert(ServicePeriod, {
              id: newId(),
              serviceId: id,
              templateId: s.templateId,
              connectedAt: new Date(),
              disconnectedAt: null,
            });
          }
        },
        ctx,
        m,
      );
    });
  }

  async remove(id: string, version: number | undefined, ctx: RequestContext) {
    await this.access.require(ctx, SERVICE_DELETE, id, SERVICE_READ);
    await this.scoped.softDelete(Service, id, ctx, { expectedVersion: version });
  }

  async restore(id: string, ctx: RequestContext) {
    const service = await this.db.getRepository(Service).findOne({ where: { id } });
    if (!service) throw notFound('Service');
    if (!(await this.access.can(ctx, SERVICE_DELETE, service.consumerId))) throw notFound('Service');
    return this.scoped.restore(Service, id, ctx);
  }
}
