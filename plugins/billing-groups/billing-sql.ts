import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AccessService, RequestContext } from '@clientele/core';

/**
 * Every rule that hides billing records, in one place. A customer's billing records (account,
 * invoices, matched payments) are seen by whoever holds the permission on the customer (or
 * above it: its address book) or on its billing group: staff limited to some groups see those
 * groups' customers only.
 */
export function restrictToCustomerOrGroup<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, access: AccessService, ctx: RequestContext, permission: string, customerColumn: string, groupColumn: string,
) {
  const [onCustomer, customerParams] = access.condition(customerColumn, permission, ctx);
  const [onGroup, groupParams] = access.condition(groupColumn, permission, ctx);
  return qb.andWhere(`((${onCustomer}) OR (${onGroup}))`, { ...customerParams, ...groupParams });
}

export async function canOnCustomerOrGroup(
  access: AccessService, ctx: RequestContext, permission: string, record: { customerId: string; groupId: string }, manager?: EntityManager,
) {
  return (await access.can(ctx, permission, record.customerId, manager)) || access.can(ctx, permission, record.groupId, manager);
}

/**
 * A variable symbol as matching compares it: up to ten digits without the leading zeros banks
 * pad it with. Anything else (a customer number with letters, an empty field) is no symbol.
 */
export function normalizeSymbol(raw: string | null | undefined): string | null {
  const trimmed = (raw ?? '').trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/^0+/, '');
  return digits && digits.length <= 10 ? digits : null;
}

/**
 * The `changes` of a "create" history entry written set-based: `{ key: { before: null, after } }`
 * for every field whose value (an SQL expression) is not null — as HistoryService writes one.
 * Built as text and read once as jsonb, which costs a third of nested jsonb_build_object calls
 * (about 14 µs a row instead of 40 for eight fields): the statement import writes 100,000.
 */
export function createdChangesSql(fields: Record<string, string>) {
  const entries = Object.entries(fields);
  const text = entries.map(([key, value]) => `'"${key}":{"before":null,"after":' || COALESCE(to_json(${value})::text, 'null') || '}'`).join(` || ',' || `);
  const absent = entries.map(([key, value]) => `CASE WHEN ${value} IS NULL THEN '${key}' END`).join(', ');
  return `(('{' || ${text} || '}')::jsonb - ARRAY[${absent}]::text[])`;
}
