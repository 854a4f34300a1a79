import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AccessService, RequestContext } from '@clientele/core';

/**
 * Every rule that hides billing records, in one place. A customer's billing records (account,
 * invoices, matched payments) are seen by whoever holds the permission on the customer (or
 * above it: its address book) or on its billing group: staff limited to some groups see those
 * groups' customers only.
 */
export function restrictToCustomerOrGroup<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  access: AccessService,
  ctx: RequestContext,
  permission: string,
  customerColumn: string,
  groupColumn: string,
) {
  const [onCustomer, customerParams] = access.condition(customerColumn, permission, ctx);
  const [onGroup, groupParams] = access.condition(groupColumn, permission, ctx);
  return qb.andWhere(`((${onCustomer}) OR (${onGroup}))`, { ...customerParams, ...groupParams });
}

export async function canOnCustomerOrGroup(
  access: AccessService,
  ctx: RequestContext,
  permission: string,
  record: { customerId: string; groupId: string },
  manager?: EntityManager,
) {
  return (
    (await access.can(ctx, permission, record.customerId, manager)) ||
    access.can(ctx, permission, record.groupId, manager)
  );
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

/** One field of a history entry written set-based: SQL for its value before (null: none) and after, and when it is there at all. */
export interface ChangedField {
  before: string | null;
  after: string;
  /** SQL condition; without it the field is always in the entry. */
  when?: string;
}

const jsonText = (value: string | null) => (value === null ? `'null'` : `COALESCE(to_json(${value})::text, 'null')`);

/**
 * The `changes` of history entries written set-based — `{ field: { before, after } }`, as
 * HistoryService writes one — for the fields whose `when` holds. Built as text and read once as
 * jsonb, a third of the cost of nested jsonb_build_object calls (about 14 µs a row instead of 40
 * for eight fields): the statement import writes a hundred thousand.
 */
export function changesSql(fields: Record<string, ChangedField>) {
  const entries = Object.entries(fields);
  const text = entries
    .map(([key, f]) => `'"${key}":{"before":' || ${jsonText(f.before)} || ',"after":' || ${jsonText(f.after)} || '}'`)
    .join(` || ',' || `);
  const absent = entries.filter(([, f]) => f.when).map(([key, f]) => `CASE WHEN NOT (${f.when}) THEN '${key}' END`);
  return `(('{' || ${text} || '}')::jsonb${absent.length ? ` - ARRAY[${absent.join(', ')}]::text[]` : ''})`;
}

/** A "create" entry's changes: every field that has a value, from nothing. */
export const createdChangesSql = (fields: Record<string, string>) =>
  changesSql(
    Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [key, { before: null, after: value, when: `${value} IS NOT NULL` }]),
    ),
  );
