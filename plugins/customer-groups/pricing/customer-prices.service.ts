import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  ListSpec,
  RecordService,
  RequestContext,
  conflict,
  invalid,
  notFound,
  paginate,
} from '@clientele/core';
import { CUSTOMER_READ } from '@clientele/contacts';
import { GROUP_PRICE_LIST_TYPE, GROUP_READ, INDIVIDUAL_PRICE_TYPE, PRICE_READ, PRICING_MANAGE } from '../constants.js';
import { GroupPriceList } from '../entities/group-price-list.entity.js';
import { IndividualPrice } from '../entities/individual-price.entity.js';
import type {
  AttachPriceListDto,
  CreateIndividualPriceDto,
  MovePriceListDto,
  UpdateIndividualPriceDto,
} from '../dto/pricing.dto.js';
import { GroupsService } from '../groups/groups.service.js';
import { MembershipsService, checkDates } from '../groups/memberships.service.js';
import { CatalogueService } from './catalogue.service.js';
import { PriceRules } from './price-rules.js';

const groupListSpec: ListSpec = {
  sorts: { position: { column: 'gl.position', value: (g: GroupPriceList) => g.position, type: 'bigint' } },
  defaultSort: 'position',
  idColumn: 'gl.id',
};

const individualSpec: ListSpec = {
  sorts: { createdAt: { column: 'p.id', value: (p: IndividualPrice) => p.id, type: 'uuid' } },
  defaultSort: 'createdAt',
  idColumn: 'p.id',
  filters: { productId: { column: 'p.product_id', type: 'uuid' } },
};

/** Which price lists a group carries, in which order; and prices agreed with one customer. */
@Injectable()
export class CustomerPricesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
    private readonly rules: PriceRules,
    private readonly groups: GroupsService,
    private readonly memberships: MembershipsService,
    private readonly catalogue: CatalogueService,
  ) {}

  // A group's price lists

  async groupLists(ctx: RequestContext, groupId: string, query: ListQueryDto) {
    await this.groups.get(ctx, groupId);
    const qb = this.db
      .getRepository(GroupPriceList)
      .createQueryBuilder('gl')
      .where('gl.group_id = :groupId AND gl.deleted_at IS NULL', { groupId });
    const page = await paginate(qb, query, groupListSpec);
    const names: { id: string; name: string; currency: string }[] = page.items.length
      ? await this.db.query(`SELECT id, name, currency FROM customer_groups_price_lists WHERE id = ANY($1::uuid[])`, [
          page.items.map((i) => i.priceListId),
        ])
      : [];
    const byId = new Map(names.map((n) => [n.id, n]));
    return {
      ...page,
      items: page.items.map((i) => ({
        ...i,
        priceListName: byId.get(i.priceListId)?.name ?? null,
        currency: byId.get(i.priceListId)?.currency ?? null,
      })),
    };
  }

  /** 409 `POSITION_TAKEN` / `LIST_ALREADY_CARRIED`, or `PRICE_RULE_TIE` when its prices would tie with another group's. */
  async attach(ctx: RequestContext, dto: AttachPriceListDto) {
    const { groupId } = dto;
    await this.groups.get(ctx, groupId);
    await this.access.require(ctx, PRICING_MANAGE, groupId, GROUP_READ);
    await this.catalogue.livePriceList(dto.priceListId).catch(() => {
      throw invalid('priceListId', 'UNKNOWN_PRICE_LIST', 'No such price list');
    });
    return this.records
      .transaction(async (m) => {
        const attached = await this.records.create(
          GroupPriceList,
          { groupId, priceListId: dto.priceListId, position: dto.position, deletedAt: null, deletedBy: null },
          ctx,
          m,
        );
        await this.rules.rebuild(m, { groupIds: [groupId] });
        return attached;
      })
      .catch(positionClash);
  }

  async move(ctx: RequestContext, id: string, dto: MovePriceListDto) {
    const carried = await this.carried(ctx, id);
    return this.records
      .transaction(async (m) => {
        const saved = await this.records.update(GroupPriceList, id, dto.version, { position: dto.position }, ctx, m);
        await this.rules.rebuild(m, { groupIds: [carried.groupId] });
        return saved;
      })
      .catch(positionClash);
  }

  async detach(ctx: RequestContext, id: string) {
    const carried = await this.carried(ctx, id);
    await this.records.softDelete(GroupPriceList, id, ctx, {
      also: (_g, m) => this.rules.rebuild(m, { groupIds: [carried.groupId] }),
    });
  }

  async groupListHistory(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    const carried = await this.db.manager.findOne(GroupPriceList, { where: { id } });
    if (!carried) throw notFound();
    await this.groups.get(ctx, carried.groupId);
    return this.history.forRecord(ctx, GROUP_PRICE_LIST_TYPE, id, query);
  }

  async carriedList(ctx: RequestContext, id: string) {
    const carried = await this.db.manager.findOne(GroupPriceList, { where: { id } });
    if (!carried || carried.deletedAt) throw notFound();
    await this.groups.get(ctx, carried.groupId);
    return carried;
  }

  async individualPrice(ctx: RequestContext, id: string) {
    const price = await this.db.manager.findOne(IndividualPrice, { where: { id } });
    if (!price || price.deletedAt) throw notFound('Individual price');
    await this.memberships.requireCustomer(ctx, price.customerId, PRICE_READ);
    return price;
  }

  private async carried(ctx: RequestContext, id: string) {
    const carried = await this.db.manager.findOne(GroupPriceList, { where: { id } });
    if (!carried || carried.deletedAt) throw notFound();
    await this.groups.get(ctx, carried.groupId);
    await this.access.require(ctx, PRICING_MANAGE, carried.groupId, GROUP_READ);
    return carried;
  }

  // Individual prices

  async individual(ctx: RequestContext, customerId: string, query: ListQueryDto) {
    await this.memberships.requireCustomer(ctx, customerId, PRICE_READ);
    const qb = this.db
      .getRepository(IndividualPrice)
      .createQueryBuilder('p')
      .where('p.customer_id = :customerId AND p.deleted_at IS NULL', { customerId });
    return paginate(qb, query, individualSpec);
  }

  /** 409 `PRICE_RULE_TIE` when another individual price of the product at the same minimum quantity overlaps these days. */
  async addIndividual(ctx: RequestContext, dto: CreateIndividualPriceDto) {
    const { customerId } = dto;
    await this.memberships.requireCustomer(ctx, customerId, PRICING_MANAGE);
    if (!(await this.catalogue.findProduct(dto.productId)))
      throw invalid('productId', 'UNKNOWN_PRODUCT', 'No such product');
    checkDates(dto.validFrom ?? null, dto.validTo ?? null);
    return this.records.transaction(async (m) => {
      const price = await this.records.create(
        IndividualPrice,
        {
          customerId,
          productId: dto.productId,
          price: dto.price,
          currency: dto.currency,
          minQuantity: dto.minQuantity ?? '0',
          validFrom: dto.validFrom ?? null,
          validTo: dto.validTo ?? null,
          deletedAt: null,
          deletedBy: null,
        },
        ctx,
        m,
      );
      await this.rules.rebuild(m, { individualPriceIds: [price.id] });
      return price;
    });
  }

  async updateIndividual(ctx: RequestContext, id: string, dto: UpdateIndividualPriceDto) {
    const current = await this.liveIndividual(ctx, id);
    const { version, ...changes } = dto;
    checkDates(
      changes.validFrom === undefined ? current.validFrom : changes.validFrom,
      changes.validTo === undefined ? current.validTo : changes.validTo,
    );
    return this.records.transaction(async (m) => {
      const saved = await this.records.update(IndividualPrice, id, version, changes, ctx, m);
      await this.rules.rebuild(m, { individualPriceIds: [id] });
      return saved;
    });
  }

  async removeIndividual(ctx: RequestContext, id: string) {
    await this.liveIndividual(ctx, id);
    await this.records.softDelete(IndividualPrice, id, ctx, {
      also: (_p, m) => this.rules.rebuild(m, { individualPriceIds: [id] }),
    });
  }

  async individualHistory(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    const price = await this.db.manager.findOne(IndividualPrice, { where: { id } });
    if (!price || !(await this.access.can(ctx, CUSTOMER_READ, price.customerId))) throw notFound();
    await this.memberships.requireCustomer(ctx, price.customerId, PRICE_READ);
    return this.history.forRecord(ctx, INDIVIDUAL_PRICE_TYPE, id, query);
  }

  private async liveIndividual(ctx: RequestContext, id: string) {
    const price = await this.db.manager.findOne(IndividualPrice, { where: { id } });
    if (!price || price.deletedAt) throw notFound('Individual price');
    await this.memberships.requireCustomer(ctx, price.customerId, PRICING_MANAGE);
    return price;
  }
}

function positionClash(error: unknown): never {
  const constraint = (error as { driverError?: { constraint?: string } })?.driverError?.constraint;
  if (constraint === 'customer_group_price_lists_position')
    throw conflict('POSITION_TAKEN', 'The group carries another list at this position', 'position');
  if (constraint === 'customer_group_price_lists_list')
    throw conflict('LIST_ALREADY_CARRIED', 'The group already carries this price list', 'priceListId');
  throw error;
}
