import { Injectable } from '@nestjs/common';
import { AppError, RequestContext } from '@clientele/core';
import { PricingService } from './pricing/pricing.service.js';

/**
 * Billing's port `billing-groups.customer-prices` (its `CustomerPrices`): a customer's price of
 * a product for an invoice line, with the rule that decided it — the answer of
 * `GET /api/customers/:id/prices?product=…`. Asked as the system: billing has already checked
 * that the caller may invoice the customer, and the line carries the customer's price whether or
 * not the caller may read price lists.
 */
@Injectable()
export class InvoicePrices {
  constructor(private readonly pricing: PricingService) {}

  async priceOf(customerId: string, productCode: string, ask: { quantity: number; date: string; currency: string }) {
    let decision;
    try {
      decision = await this.pricing.decide(RequestContext.system(), customerId, productCode, ask);
    } catch (error) {
      if (error instanceof AppError && error.details?.[0]?.code === 'UNKNOWN_PRODUCT') return null;
      throw error;
    }
    const { product, price, currency, decidedBy: rule } = decision;
    return {
      product: { code: product.code, name: product.name },
      price,
      currency,
      rule: {
        kind: rule.kind,
        ruleId: rule.ruleId,
        reason: rule.reason,
        priceList: rule.priceList && { id: rule.priceList.id, name: rule.priceList.name },
        group: rule.group && { id: rule.group.id, code: rule.group.code, name: rule.group.name },
      },
    };
  }
}
