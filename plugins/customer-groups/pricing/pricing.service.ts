import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessService,
  RecordService,
  RequestContext,
  forbidden,
  invalid,
  isUuid,
  notFound,
  preparedQuery,
} from '@clientele/core';
import { CUSTOMER_READ, KIND_CUSTOMER } from '@clientele/contacts';
import { PRICE_READ } from '../constants.js';
import { Quote } from '../entities/quote.entity.js';
import type { CreateQuoteDto, PriceQueryDto } from '../dto/pricing.dto.js';
import { OperatorCalendar } from '../calendar.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { type PriceAsk, type PriceDecision, decidePrice } from './price-decision.js';
import { type ProductCandidateRow, candidatesSql } from './pricing-sql.js';
import { type CatalogueRow, catalogueSql } from './catalogue-sql.js';
import { catalogueItemsJson } from './catalogue-json.js';

/** An answer already written as JSON text, sent as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A customer's prices, each with the rule that decided it and every candidate that lost. */
@Injectable()
export class PricingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly memberships: MembershipsService,
    private readonly calendar: OperatorCalendar,
    private readonly access: AccessService,
  ) {}

  /**
   * One product's price (`product` given) with every candidate that lost, or the whole
   * catalogue's in one call — each product's price and the rule that decided it, written as
   * JSON text at once (`catalogueItemsJson`). `why=false` leaves the explanation out: the price
   * and the deciding rule's id and kind.
   */
  async prices(ctx: RequestContext, customerId: string, query: PriceQueryDto) {
    const ask = await this.ask(query);
    const why = query.why !== 'false';
    const asked = { customerId, quantity: String(ask.quantity), date: ask.date };
    if (query.product !== undefined) {
      const decision = await this.decide(ctx, customerId, query.product, ask);
      return { ...asked, ...(why ? decision : priceOnly(decision)) };
    }
    const after = query.cursor ? fromCursor(query.cursor) : null;
    const limit = query.limit ?? null;
    const params = [
      customerId,
      ask.date,
      ask.quantity,
      ask.currency ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit,
    ];
    // The rights check and the prices side by side; the rights decide first what the caller is told.
    const [allowed, read] = await Promise.allSettled([
      this.memberships.requireCustomer(ctx, customerId, PRICE_READ),
      preparedQuery<CatalogueRow>(this.db, catalogueSql(why), params),
    ]);
    if (allowed.status === 'rejected') throw allowed.reason;
    if (read.status === 'rejected') throw read.reason;
    const rows = read.value.slice(0, limit ?? read.value.length);
    const last = rows[rows.length - 1];
    const nextCursor = read.value.length > rows.length ? toCursor([last.code, last.id]) : null;
    const head = JSON.stringify(asked).slice(0, -1);
    return new JsonText(`${head},"items":${catalogueItemsJson(rows, why)},"nextCursor":${JSON.stringify(nextCursor)}}`);
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
   * The product (id or code) decided for the customer, in one prepared statement with the
   * rights check: the customer must be one the caller may read (else 404) and ask prices of
   * (else 403) before the product is even looked up. Billing prices invoice lines with it too.
   */
  async decide(ctx: RequestContext, customerId: string, product: string, ask: PriceAsk) {
    const params: unknown[] = [customerId, ask.date, isUuid(product) ? product : null, product, KIND_CUSTOMER];
    const readable = this.access.filterSql('n.id', CUSTOMER_READ, ctx, params);
    const allowed = this.access.filterSql('n.id', PRICE_READ, ctx, params);
    const rows = await preparedQuery<ProductCandidateRow>(this.db, candidatesSql(readable, allowed), params);
    const [first] = rows;
    if (!first.readable) throw notFound('Customer');
    if (!first.allowed) throw forbidden();
    if (!first.p_id) throw invalid('product', 'UNKNOWN_PRODUCT', 'No such product');
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
      rows.filter((r) => r.rule_id !== null).map((r) => ({ ...r, product_id: row.id })),
      ask,
    );
  }
}

/** A decision without its explanation (`why=false`): the price and which rule gave it. */
function priceOnly({ product, price, currency, decidedBy }: PriceDecision) {
  return { product, price, currency, decidedBy: { ruleId: decidedBy.ruleId, kind: decidedBy.kind } };
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
