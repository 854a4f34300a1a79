import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RecordService, RequestContext, invalid, isUuid, notFound } from '@clientele/core';
import { PRICE_READ } from '../constants.js';
import { Quote } from '../entities/quote.entity.js';
import type { CreateQuoteDto, PriceQueryDto } from '../dto/pricing.dto.js';
import { OperatorCalendar } from '../calendar.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { type PriceAsk, catalogueEntry, decidePrice } from './price-decision.js';
import { type ProductCandidateRow, type WinnerRow, candidatesSql, catalogueWinnersSql } from './pricing-sql.js';

/** A customer's prices, each with the rule that decided it and every candidate that lost. */
@Injectable()
export class PricingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly memberships: MembershipsService,
    private readonly calendar: OperatorCalendar,
  ) {}

  /**
   * One product's price (`product` given) with every candidate that lost, or the whole
   * catalogue's in one call — each product's price and the rule that decided it.
   */
  async prices(ctx: RequestContext, customerId: string, query: PriceQueryDto) {
    const ask = await this.ask(query);
    if (query.product === undefined) {
      await this.memberships.requireCustomer(ctx, customerId, PRICE_READ);
      const after = query.cursor ? fromCursor(query.cursor) : null;
      const limit = query.limit ?? null;
      const rows: WinnerRow[] = await this.db.query(catalogueWinnersSql, [
        customerId,
        ask.date,
        ask.quantity,
        ask.currency ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit === null ? null : limit + 1,
      ]);
      const items = rows.slice(0, limit ?? rows.length).map(catalogueEntry);
      const last = items[items.length - 1];
      const nextCursor = limit !== null && rows.length > limit ? toCursor([last.product.code, last.product.id]) : null;
      return { customerId, quantity: String(ask.quantity), date: ask.date, items, nextCursor };
    }
    return {
      customerId,
      quantity: String(ask.quantity),
      date: ask.date,
      ...(await this.decide(ctx, customerId, query.product, ask)),
    };
  }

  /** Prices the product now and keeps the price with the rule that decided it: later list changes leave it alone. */
  async quote(ctx: RequestContext, customerId: string, dto: CreateQuoteDto) {
    const ask = await this.ask(dto);
    const decision = await this.decide(ctx, customerId, dto.product, ask);
    const rule = decision.decidedBy;
    const quote = await this.records.create(
      Quote,
      {
        customerId,
        productId: decision.product.id,
        productCode: decision.product.code,
        quantity: dto.quantity,
        pricedOn: ask.date,
        unitPrice: decision.price,
        currency: decision.currency,
        ruleKind: rule.kind,
        ruleId: rule.ruleId,
        priceListId: rule.priceList?.id ?? null,
        groupId: rule.group?.id ?? null,
      },
      ctx,
    );
    return { ...quote, decidedBy: rule };
  }

  async getQuote(ctx: RequestContext, customerId: string, id: string) {
    await this.memberships.requireCustomer(ctx, customerId, PRICE_READ);
    const quote = await this.db.manager.findOne(Quote, { where: { id, customerId } });
    if (!quote) throw notFound('Quote');
    return quote;
  }

  private async ask(query: { quantity?: string; date?: string; currency?: string }): Promise<PriceAsk> {
    return {
      quantity: Number(query.quantity ?? '1'),
      date: query.date ?? (await this.calendar.today()),
      currency: query.currency,
    };
  }

  /**
   * The product (id or code) decided for the customer. The rights check and the candidates are
   * read side by side; the rights decide first what the caller is told.
   */
  private async decide(ctx: RequestContext, customerId: string, product: string, ask: PriceAsk) {
    const [allowed, found] = await Promise.allSettled([
      this.memberships.requireCustomer(ctx, customerId, PRICE_READ),
      this.db.query(candidatesSql, [customerId, ask.date, isUuid(product) ? product : null, product]) as Promise<
        ProductCandidateRow[]
      >,
    ]);
    if (allowed.status === 'rejected') throw allowed.reason;
    if (found.status === 'rejected') throw found.reason;
    const [first] = found.value;
    if (!first) throw invalid('product', 'UNKNOWN_PRODUCT', 'No such product');
    const row = {
      id: first.p_id,
      code: first.p_code,
      name: first.p_name,
      unit: first.p_unit,
      base_price: first.p_base_price,
      currency: first.p_currency,
      vat_rate: first.p_vat_rate,
    };
    return decidePrice(
      row,
      found.value.filter((r) => r.rule_id !== null).map((r) => ({ ...r, product_id: row.id })),
      ask,
    );
  }
}

const toCursor = (key: [string, string]) => Buffer.from(JSON.stringify(key)).toString('base64url');

function fromCursor(cursor: string): [string, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && isUuid(key[1]))
      return key as [string, string];
  } catch {
    /* answered below */
  }
  throw invalid('cursor', 'INVALID_CURSOR', 'The cursor is not one this list handed out');
}
