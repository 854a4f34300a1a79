import type { SelectQueryBuilder } from 'typeorm';
import { AccessService, ListSpec, RequestContext, escapeLike } from '@clientele/core';
import { CUSTOMER_READ } from '@clientele/contacts';
import type { CustomerGroup } from '../entities/customer-group.entity.js';
import type { Membership } from '../entities/membership.entity.js';

/**
 * A group is not an address book: seeing a group (`customer-groups.group.read` on it) shows only
 * those of its members the caller may read as customers anyway — in SQL, so the count and the
 * paging agree. (Groups themselves are listed through ScopedRecords' access condition.)
 */
export function restrictToReadableCustomers(
  qb: SelectQueryBuilder<Membership>,
  access: AccessService,
  ctx: RequestContext,
) {
  return access.restrict(qb, 'm.customer_id', CUSTOMER_READ, ctx);
}

/** Live memberships valid on `day` (YYYY-MM-DD); every live one when `day` is null. */
export function validOn(qb: SelectQueryBuilder<Membership>, day: string | null) {
  qb.andWhere('m.deleted_at IS NULL');
  return day ? qb.andWhere('m.validity @> :validDay::date', { validDay: day }) : qb;
}

export function searchGroups(qb: SelectQueryBuilder<CustomerGroup>, q: string | undefined) {
  const term = q?.trim();
  if (!term) return qb;
  return qb.andWhere('(g.name ILIKE :groupSearch OR g.code ILIKE :groupSearch)', {
    groupSearch: `%${escapeLike(term)}%`,
  });
}

/** Groups in priority order by default: the order in which they decide. */
export const groupListSpec: ListSpec = {
  sorts: {
    priority: { column: 'g.priority', value: (g: CustomerGroup) => g.priority, type: 'bigint' },
    name: { column: 'g.name', value: (g: CustomerGroup) => g.name, type: 'text' },
    code: { column: 'g.code', value: (g: CustomerGroup) => g.code, type: 'text' },
  },
  defaultSort: 'priority',
  idColumn: 'g.id',
  filters: { code: { column: 'g.code', type: 'text' } },
};

/** Memberships newest first (ids are UUID v7); `filter[validFrom]` / `filter[validTo]` ranges. */
export const membershipListSpec: ListSpec = {
  sorts: { createdAt: { column: 'm.id', value: (m: Membership) => m.id, type: 'uuid' } },
  defaultSort: '-createdAt',
  idColumn: 'm.id',
  filters: {
    validFrom: { column: 'm.valid_from', type: 'date' },
    validTo: { column: 'm.valid_to', type: 'date' },
  },
};

/** The scope-tree labels (customer names) of the given nodes, for showing members by name. */
export const nodeLabelsSql = `SELECT id, label FROM scope_nodes WHERE id = ANY($1::uuid[])`;

/**
 * The customer list's group filter: customers (`customerId`) in one of the groups `groups` on
 * `day`. A probe per candidate into (customer_id, group_id), so it keeps the list's own order
 * and index and stops with the page. `OFFSET 0` keeps PostgreSQL from turning the probe into a
 * join, for which it would hash every member of the group (100,000 rows for a tenth of a
 * million customers) to count a page's total.
 */
export const inGroupsSql = (customerId: string, groups: string, day: string) =>
  `EXISTS (SELECT 1 FROM customer_group_memberships m WHERE m.customer_id = ${customerId} AND m.group_id = ANY(${groups}::uuid[])
      AND m.deleted_at IS NULL AND m.validity @> ${day}::date OFFSET 0)`;

/** The "Groups" column: the groups of the customers `$1` on the day `$2` that pass `visible` (the caller's right to see the group), by priority. */
export const customerGroupsColumnSql = (visible: string) => `SELECT m.customer_id, g.id, g.code, g.name, g.colour
  FROM customer_group_memberships m JOIN customer_groups g ON g.id = m.group_id AND g.deleted_at IS NULL
 WHERE m.customer_id = ANY($1::uuid[]) AND m.deleted_at IS NULL AND m.validity @> $2::date AND ${visible}
 ORDER BY g.priority, g.code`;
