import type { TestApp } from '../../../test/setup/harness.js';
import { ok } from './groups-test-kit.js';

export const product = (t: TestApp, code: string, basePrice = '100', extra: object = {}) =>
  ok(t, t.adminToken, 'post', '/api/products', {
    code,
    name: code,
    unit: 'pcs',
    basePrice,
    currency: 'CZK',
    vatRate: '21',
    ...extra,
  });

export const priceList = (
  t: TestApp,
  name: string,
  dates: { validFrom?: string; validTo?: string } = {},
  currency = 'CZK',
) => ok(t, t.adminToken, 'post', '/api/price-lists', { name, currency, ...dates });

export const item = (t: TestApp, listId: string, productId: string, price: string, minQuantity?: string) =>
  ok(t, t.adminToken, 'post', '/api/price-list-items', {
    priceListId: listId,
    productId,
    price,
    ...(minQuantity ? { minQuantity } : {}),
  });

export const carry = (t: TestApp, groupId: string, priceListId: string, position: number) =>
  ok(t, t.adminToken, 'post', '/api/customer-group-price-lists', { groupId, priceListId, position });

export const priceOf = (t: TestApp, customerId: string, query: string) =>
  ok(t, t.adminToken, 'get', `/api/customers/${customerId}/prices?${query}`);
