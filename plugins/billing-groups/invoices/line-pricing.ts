import { Injectable } from '@nestjs/common';
import { OptionalPorts, invalid } from '@clientele/core';
import type { InvoiceLine } from '../entities/invoice.entity.js';
import type { InvoiceLineDto } from '../dto/invoice.dto.js';
import { CUSTOMER_PRICES, type CustomerPrice } from './customer-prices.js';
import { exponentOf } from './money.js';

/**
 * An invoice's lines with their prices: an explicit `unitPriceMinor` wins; a line that names a
 * product without one takes the customer's price on the issue date from customer groups (while
 * that plugin is enabled) and keeps the rule that decided it.
 */
@Injectable()
export class InvoiceLinePricing {
  constructor(private readonly ports: OptionalPorts) {}

  async price(customerId: string, lines: InvoiceLineDto[], issuedOn: string, currency: string): Promise<InvoiceLine[]> {
    const priced: InvoiceLine[] = [];
    for (const [i, line] of lines.entries()) {
      const productCode = line.productCode?.trim();
      if (line.unitPriceMinor !== undefined) {
        priced.push(invoiceLine(line.description ?? productCode!, line.quantity, line.unitPriceMinor, productCode));
        continue;
      }
      const decided = await this.decide(customerId, productCode!, line.quantity, issuedOn, currency, `lines.${i}`);
      priced.push({
        ...invoiceLine(line.description ?? decided.product.name, line.quantity, decided.unitPriceMinor, productCode),
        priceRule: { ...decided.rule, price: decided.price, pricedOn: issuedOn },
      });
    }
    return priced;
  }

  private async decide(
    customerId: string,
    productCode: string,
    quantity: number,
    date: string,
    currency: string,
    field: string,
  ) {
    const prices = this.ports.get(CUSTOMER_PRICES);
    if (!prices) {
      throw invalid(
        `${field}.unitPriceMinor`,
        'PRICE_REQUIRED',
        'Give the unit price: lines are priced from products only while the customer-groups plugin is enabled',
      );
    }
    const decided = await prices.priceOf(customerId, productCode, { quantity, date, currency });
    if (!decided) throw invalid(`${field}.productCode`, 'UNKNOWN_PRODUCT', `No product "${productCode}"`);
    if (decided.currency !== currency) {
      throw invalid(
        `${field}.productCode`,
        'PRICE_IN_OTHER_CURRENCY',
        `The customer's price of "${productCode}" is in ${decided.currency}, the invoice in ${currency}: give the unit price`,
      );
    }
    return { ...decided, unitPriceMinor: toMinor(decided, currency) };
  }
}

function invoiceLine(description: string, quantity: number, unitPriceMinor: number, productCode?: string): InvoiceLine {
  return {
    description: description.trim(),
    quantity,
    unitPriceMinor,
    totalMinor: quantity * unitPriceMinor,
    ...(productCode ? { productCode } : {}),
  };
}

/**
 * The decimal price in minor units, as text (no floating point), rounded half up where the price
 * has more decimals than the currency.
 */
function toMinor({ price }: CustomerPrice, currency: string) {
  const exponent = exponentOf(currency);
  const [whole, fraction = ''] = price.split('.');
  const digits = fraction.padEnd(exponent + 1, '0');
  const minor = Number(whole) * 10 ** exponent + Number(digits.slice(0, exponent) || '0');
  return Number(digits[exponent]) >= 5 ? minor + 1 : minor;
}
