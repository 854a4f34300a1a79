import { definePort } from '@clientele/core';

/** The rule that decided a customer's price, as customer groups explains it. */
export interface DecidingPriceRule {
  kind: 'individual' | 'list' | 'base';
  /** The individual price or price-list item; null for the product's base price. */
  ruleId: string | null;
  /** Why it decided, in words. */
  reason: string;
  priceList: { id: string; name: string } | null;
  group: { id: string; code: string; name: string } | null;
}

export interface CustomerPrice {
  product: { code: string; name: string };
  /** Per unit, a decimal in `currency` (up to 4 decimals). */
  price: string;
  currency: string;
  rule: DecidingPriceRule;
}

/**
 * What billing asks of customer groups (an optional dependency) for an invoice line that names
 * a product without a price: the customer's price of the product for the quantity on the day,
 * only rules in `currency` competing; null when there is no such product.
 */
export interface CustomerPrices {
  priceOf(
    customerId: string,
    productCode: string,
    ask: { quantity: number; date: string; currency: string },
  ): Promise<CustomerPrice | null>;
}

export const CUSTOMER_PRICES = definePort<CustomerPrices>('billing-groups.customer-prices');
