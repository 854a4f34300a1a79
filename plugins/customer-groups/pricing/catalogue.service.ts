import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessService,
  HistoryQueryDto,
  HistoryQueryService,
  ListQueryDto,
  ListSpec,
  RecordService,
  RequestContext,
  SYSTEM_NODE_ID,
  conflict,
  escapeLike,
  invalid,
  isUuid,
  notFound,
  paginate,
} from '@clientele/core';
import { ContactsCatalog } from '@clientele/contacts';
import { PRICE_LIST_ITEM_TYPE, PRICE_LIST_TYPE, PRICING_MANAGE, PRICING_READ, PRODUCT_TYPE } from '../constants.js';
import { Product } from '../entities/product.entity.js';
import { PriceList, PriceListItem } from '../entities/price-list.entity.js';
import type {
  CreatePriceListDto,
  CreatePriceListItemDto,
  CreateProductDto,
  UpdatePriceListDto,
  UpdatePriceListItemDto,
  UpdateProductDto,
} from '../dto/pricing.dto.js';
import { checkDates } from '../groups/memberships.service.js';
import { PriceRules } from './price-rules.js';

const productSpec: ListSpec = {
  sorts: {
    code: { column: 'p.code', value: (p: Product) => p.code, type: 'text' },
    name: { column: 'p.name', value: (p: Product) => p.name, type: 'text' },
  },
  defaultSort: 'code',
  idColumn: 'p.id',
  filters: { currency: { column: 'p.currency' }, serviceTemplateId: { column: 'p.service_template_id', type: 'uuid' } },
};

const priceListSpec: ListSpec = {
  sorts: {
    name: { column: 'l.name', value: (l: PriceList) => l.name, type: 'text' },
    validFrom: {
      column: "COALESCE(l.valid_from, '-infinity'::date)",
      value: (l: PriceList) => l.validFrom ?? '-infinity',
      type: 'text',
    },
  },
  defaultSort: 'name',
  idColumn: 'l.id',
  filters: { currency: { column: 'l.currency' } },
};

const itemSpec: ListSpec = {
  sorts: { createdAt: { column: 'i.id', value: (i: PriceListItem) => i.id, type: 'uuid' } },
  defaultSort: 'createdAt',
  idColumn: 'i.id',
  filters: { productId: { column: 'i.product_id', type: 'uuid' } },
};

/** The operator's catalogue and price lists: operator-wide, read and managed on the system node. */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly access: AccessService,
    private readonly history: HistoryQueryService,
    private readonly rules: PriceRules,
    private readonly contacts: ContactsCatalog,
  ) {}

  private async requireRead(ctx: RequestContext) {
    if (
      !(await this.access.can(ctx, PRICING_READ, SYSTEM_NODE_ID)) &&
      !(await this.access.can(ctx, PRICING_MANAGE, SYSTEM_NODE_ID))
    )
      throw notFound();
  }

  private requireManage(ctx: RequestContext) {
    return this.access.require(ctx, PRICING_MANAGE, SYSTEM_NODE_ID, PRICING_READ);
  }

  // Products

  async products(ctx: RequestContext, query: ListQueryDto) {
    await this.requireRead(ctx);
    const qb = this.db.getRepository(Product).createQueryBuilder('p');
    qb.andWhere(
      query.deleted === 'only'
        ? 'p.deleted_at IS NOT NULL'
        : query.deleted === 'include'
          ? 'TRUE'
          : 'p.deleted_at IS NULL',
    );
    const q = query.q?.trim();
    if (q)
      qb.andWhere('(p.code ILIKE :productSearch OR p.name ILIKE :productSearch)', {
        productSearch: `%${escapeLike(q)}%`,
      });
    return paginate(qb, query, productSpec);
  }

  async product(ctx: RequestContext, id: string) {
    await this.requireRead(ctx);
    return this.liveProduct(id);
  }

  /** A live product by id or code (a code may also be a linked service template's). */
  async findProduct(idOrCode: string, manager: EntityManager = this.db.manager) {
    const isId = isUuid(idOrCode);
    const qb = manager.getRepository(Product).createQueryBuilder('p').where('p.deleted_at IS NULL');
    if (isId) qb.andWhere('p.id = :product', { product: idOrCode });
    else qb.andWhere('lower(p.code) = lower(:product)', { product: idOrCode });
    return qb.getOne();
  }

  async createProduct(ctx: RequestContext, dto: CreateProductDto) {
    await this.requireManage(ctx);
    await this.checkTemplate(dto.serviceTemplateId);
    return this.records
      .create(
        Product,
        { ...dto, serviceTemplateId: dto.serviceTemplateId ?? null, deletedAt: null, deletedBy: null },
        ctx,
      )
      .catch(taken);
  }

  async updateProduct(ctx: RequestContext, id: string, dto: UpdateProductDto) {
    await this.requireManage(ctx);
    await this.liveProduct(id);
    if (dto.serviceTemplateId) await this.checkTemplate(dto.serviceTemplateId);
    const { version, ...changes } = dto;
    return this.records.update(Product, id, version, changes, ctx);
  }

  /** A product still priced by a live price-list item or individual price cannot go (422). */
  async removeProduct(ctx: RequestContext, id: string) {
    await this.requireManage(ctx);
    await this.liveProduct(id);
    const [{ used }] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM customer_groups_price_rules WHERE product_id = $1) AS used`,
      [id],
    );
    if (used)
      throw conflict(
        'PRODUCT_PRICED',
        'Price lists or individual prices still price this product; remove those prices first',
      );
    await this.records.softDelete(Product, id, ctx);
  }

  async productHistory(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.requireRead(ctx);
    return this.history.forRecord(ctx, PRODUCT_TYPE, id, query);
  }

  // Price lists

  async priceLists(ctx: RequestContext, query: ListQueryDto) {
    await this.requireRead(ctx);
    const qb = this.db.getRepository(PriceList).createQueryBuilder('l');
    qb.andWhere(
      query.deleted === 'only'
        ? 'l.deleted_at IS NOT NULL'
        : query.deleted === 'include'
          ? 'TRUE'
          : 'l.deleted_at IS NULL',
    );
    const q = query.q?.trim();
    if (q) qb.andWhere('l.name ILIKE :listSearch', { listSearch: `%${escapeLike(q)}%` });
    return paginate(qb, query, priceListSpec);
  }

  async priceList(ctx: RequestContext, id: string) {
    await this.requireRead(ctx);
    return this.livePriceList(id);
  }

  async createPriceList(ctx: RequestContext, dto: CreatePriceListDto) {
    await this.requireManage(ctx);
    checkDates(dto.validFrom ?? null, dto.validTo ?? null);
    return this.records.create(
      PriceList,
      { ...dto, validFrom: dto.validFrom ?? null, validTo: dto.validTo ?? null, deletedAt: null, deletedBy: null },
      ctx,
    );
  }

  /** New days or currency re-rank nothing but may create a tie (409 `PRICE_RULE_TIE`). */
  async updatePriceList(ctx: RequestContext, id: string, dto: UpdatePriceListDto) {
    await this.requireManage(ctx);
    const current = await this.livePriceList(id);
    const { version, ...changes } = dto;
    checkDates(
      changes.validFrom === undefined ? current.validFrom : changes.validFrom,
      changes.validTo === undefined ? current.validTo : changes.validTo,
    );
    return this.records.transaction(async (m) => {
      const saved = await this.records.update(PriceList, id, version, changes, ctx, m);
      await this.rules.rebuild(m, { priceListIds: [id] });
      return saved;
    });
  }

  async removePriceList(ctx: RequestContext, id: string) {
    await this.requireManage(ctx);
    await this.livePriceList(id);
    await this.records.softDelete(PriceList, id, ctx, {
      also: (_l, m) => this.rules.rebuild(m, { priceListIds: [id] }),
    });
  }

  async restorePriceList(ctx: RequestContext, id: string) {
    await this.requireManage(ctx);
    return this.records.restore(PriceList, id, ctx, { also: (_l, m) => this.rules.rebuild(m, { priceListIds: [id] }) });
  }

  async priceListHistory(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.requireRead(ctx);
    return this.history.forRecord(ctx, PRICE_LIST_TYPE, id, query);
  }

  // Items

  async items(ctx: RequestContext, priceListId: string, query: ListQueryDto) {
    await this.requireRead(ctx);
    await this.livePriceList(priceListId);
    const qb = this.db
      .getRepository(PriceListItem)
      .createQueryBuilder('i')
      .where('i.price_list_id = :priceListId AND i.deleted_at IS NULL', { priceListId });
    return paginate(qb, query, itemSpec);
  }

  /** 409 `ITEM_EXISTS` for a second price of the product at the same minimum quantity; 409 `PRICE_RULE_TIE` when it ties with another group's list. */
  async addItem(ctx: RequestContext, dto: CreatePriceListItemDto) {
    const { priceListId } = dto;
    await this.requireManage(ctx);
    await this.livePriceList(priceListId).catch(() => {
      throw invalid('priceListId', 'UNKNOWN_PRICE_LIST', 'No such price list');
    });
    if (!(await this.findProduct(dto.productId))) throw invalid('productId', 'UNKNOWN_PRODUCT', 'No such product');
    return this.records
      .transaction(async (m) => {
        const item = await this.records.create(
          PriceListItem,
          {
            priceListId,
            productId: dto.productId,
            price: dto.price,
            minQuantity: dto.minQuantity ?? '0',
            deletedAt: null,
            deletedBy: null,
          },
          ctx,
          m,
        );
        await this.rules.rebuild(m, { priceListIds: [priceListId] });
        return item;
      })
      .catch(taken);
  }

  async updateItem(ctx: RequestContext, id: string, dto: UpdatePriceListItemDto) {
    await this.requireManage(ctx);
    const item = await this.liveItem(id);
    const { version, ...changes } = dto;
    return this.records
      .transaction(async (m) => {
        const saved = await this.records.update(PriceListItem, id, version, changes, ctx, m);
        await this.rules.rebuild(m, { priceListIds: [item.priceListId] });
        return saved;
      })
      .catch(taken);
  }

  async removeItem(ctx: RequestContext, id: string) {
    await this.requireManage(ctx);
    const item = await this.liveItem(id);
    await this.records.softDelete(PriceListItem, id, ctx, {
      also: (_i, m) => this.rules.rebuild(m, { priceListIds: [item.priceListId] }),
    });
  }

  async item(ctx: RequestContext, id: string) {
    await this.requireRead(ctx);
    return this.liveItem(id);
  }

  async itemHistory(ctx: RequestContext, id: string, query: HistoryQueryDto) {
    await this.requireRead(ctx);
    return this.history.forRecord(ctx, PRICE_LIST_ITEM_TYPE, id, query);
  }

  async livePriceList(id: string) {
    const list = await this.db.manager.findOne(PriceList, { where: { id } });
    if (!list || list.deletedAt) throw notFound('Price list');
    return list;
  }

  private async liveProduct(id: string) {
    const product = await this.db.manager.findOne(Product, { where: { id } });
    if (!product || product.deletedAt) throw notFound('Product');
    return product;
  }

  private async liveItem(id: string) {
    const item = await this.db.manager.findOne(PriceListItem, { where: { id } });
    if (!item || item.deletedAt) throw notFound('Price list item');
    return item;
  }

  private async checkTemplate(id: string | null | undefined) {
    if (!id) return;
    if (!(await this.contacts.serviceTemplate(id).catch(() => null)))
      throw invalid('serviceTemplateId', 'UNKNOWN_SERVICE_TEMPLATE', 'No such service template');
  }
}

function taken(error: unknown): never {
  const constraint = (error as { driverError?: { constraint?: string } })?.driverError?.constraint;
  if (constraint === 'customer_groups_products_code')
    throw conflict('PRODUCT_CODE_TAKEN', 'Another product has this code', 'code');
  if (constraint === 'customer_groups_price_list_items_product') {
    throw conflict('ITEM_EXISTS', 'The list already prices this product at this minimum quantity', 'minQuantity');
  }
  throw error;
}
