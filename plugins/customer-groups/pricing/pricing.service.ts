import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RecordService, RequestContext, invalid, notFound } from '@clientele/core';
import { PRICE_READ } from '../constants.js';
import { Quote } from '../entities/quote.entity.js';
import type { CreateQuoteDto, PriceQueryDto } from '../dto/pricing.dto.js';
import { OperatorCalendar } from '../calendar.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { CatalogueService } from './catalogue.service.js';
import { type PriceAsk, decidePrice } from './price-decision.js';
import { type CandidateRow, type ProductRow, candidatesSql, productsSql } from './pricing-sql.js';

/** A customer's prices, each with the rule that decided it and every candidate that lost. */
@Injectable()
export class PricingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly memberships: MembershipsService,
    private readonly catalogue: CatalogueService,
    private readonly calendar: OperatorCalendar,
  ) {}

  /** One product's price (`product` given) or the whole catalogue's, in one call. */
  async prices(ctx: RequestContext, customerId: string, query: PriceQueryDto) {
    await this.memberships.requireCustomer(ctx, customerId, PRICE_READ);
    const ask = await this.ask(query);
    if (query.product === undefined) {
      const decisions = await this.decide(customerId, null, ask);
      return { customerId, quantity: String(ask.quantity), date: ask.date, items: decisions };
    }
    const product = await this.catalogue.findProduct(query.product);
    if (!product) throw invalid('product', 'UNKNOWN_PRODUCT', 'No such product');
    const [decision] = await this.decide(customerId, product.id, ask);
    return { customerId, quantity: String(ask.quantity), date: ask.date, ...decision };
  }

  /** Prices the product now and keeps the price with the rule that decided it: later list changes leave it alone. */
  async quote(ctx: RequestContext, customerId: string, dto: CreateQuoteDto) {
    await this.memberships.requireCustomer(ctx, customerId, PRICE_READ);
    const product = await this.catalogue.findProduct(dto.product);
    if (!product) throw invalid('product', 'UNKNOWN_PRODUCT', 'No such product');
    const ask = await this.ask(dto);
    const [decision] = await this.decide(customerId, product.id, ask);
    const rule = decision.decidedBy;
    const quote = await this.records.create(Quote, {
      customerId, productId: product.id, quantity: dto.quantity, pricedOn: ask.date, unitPrice: decision.price, currency: decision.currency,
      ruleKind: rule.kind, ruleId: rule.ruleId, priceListId: rule.priceList?.id ?? null, groupId: rule.group?.id ?? null,
    }, ctx);
    return { ...quote, decidedBy: rule };
  }

  async getQuote(ctx: RequestContext, customerId: string, id: string) {
    await this.memberships.requireCustomer(ctx, customerId, PRICE_READ);
    const quote = await this.db.manager.findOne(Quote, { where: { id, customerId } });
    if (!quote) throw notFound('Quote');
    return quote;
  }

  private async ask(query: { quantity?: string; date?: string; currency?: string }): Promise<PriceAsk> {
    return { quantity: Number(query.quantity ?? '1'), date: query.date ?? (await this.calendar.today()), currency: query.currency };
  }

  private async decide(customerId: string, productId: string | null, ask: PriceAsk) {
    const [products, rows]: [ProductRow[], CandidateRow[]] = await Promise.all([
      this.db.query(productsSql, [productId]),
      this.db.query(candidatesSql, [customerId, ask.date, productId]),
    ]);
    const byProduct = new Map<string, CandidateRow[]>();
    for (const row of rows) {
      const list = byProduct.get(row.product_id);
      if (list) list.push(row);
      else byProduct.set(row.product_id, [row]);
    }
    return products.map((product) => decidePrice(product, byProduct.get(product.id) ?? [], ask));
  }
}
