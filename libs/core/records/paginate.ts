import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { invalid } from '../errors/app-error.js';
import { isUuid } from '../database/ids.js';
import type { ListQueryDto } from './list-query.dto.js';

export interface SortKey {
  /** SQL expression to order by; must not be NULL (wrap it in COALESCE otherwise). */
  column: string;
  /** Where the value sits on a loaded row, for the cursor. */
  value: (row: any) => unknown;
  type?: 'text' | 'timestamptz' | 'numeric' | 'uuid' | 'bigint';
  /**
   * For a sort value the row does not hold (read from another table): `value` gives what it is
   * computed from (a customer id), and this the SQL computing it from the cursor's (uncast)
   * parameter; `type` is then the type of the sort value.
   */
  fromCursor?: (param: string) => string;
  /** The column may be NULL (numeric or timestamptz): such rows come last in either direction. */
  nullsLast?: boolean;
  /** Called when the list is sorted by this key, before its query is built: to join what `column` reads. */
  use?: () => void;
}

export type FilterValue = string | string[] | { gte?: string; lte?: string; gt?: string; lt?: string };

export interface FilterSpec {
  column?: string;
  type?: 'text' | 'uuid' | 'timestamptz' | 'numeric' | 'boolean' | 'date';
  /** For filters that are not a plain column comparison. */
  apply?: (qb: SelectQueryBuilder<any>, value: FilterValue, param: string) => void;
}

export interface ListSpec {
  sorts: Record<string, SortKey>;
  defaultSort: string;
  /** The unique tie-breaker, normally the id column. */
  idColumn: string;
  filters?: Record<string, FilterSpec>;
  /** Above this many matching rows the total is estimated; lower it where counting under access rights is costly. */
  exactTotalLimit?: number;
  /**
   * A per-row check that costs more than finding the rows — the exact access check on
   * candidates an index found (`AccessReach.narrowing` in the query, `AccessReach.check` here).
   * The candidates are collected, which a search's bitmap scan does anyway, the first ones put
   * in order, and the check runs on them in that order only until the page is full. The total
   * comes with the same statement: exact up to the exact cap (the check then runs on every
   * candidate), above it the number of candidates, flagged as an estimate.
   */
  checkAfterSort?: (idColumn: string) => [string, Record<string, unknown>];
  /**
   * Above the exact cap, the list's own estimate of its matches (e.g. `plannerRows` of the same
   * query narrowed by `AccessReach.narrowing`); otherwise the planner's estimate of the query itself.
   */
  estimateTotal?: () => Promise<number>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
  totalIsEstimate?: boolean;
}

/** Above this many matching rows the total is the planner's estimate, and says so. */
export const EXACT_TOTAL_LIMIT = 1_000;

/** A cursor carries the sort values of the last row and the list's total, so later pages need no count. */
interface Cursor {
  k: unknown[];
  t: number;
  e?: boolean;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decodeCursor(cursor: string, length: number): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value?.k) && value.k.length === length && Number.isInteger(value.t)) return value;
  } catch {
    /* fall through to the error below */
  }
  throw invalid('cursor', 'INVALID_CURSOR', 'The cursor is not one this list handed out');
}

/**
 * A timestamp's value in the cursor has JavaScript's milliseconds, the column PostgreSQL's
 * microseconds: rows written by one statement share a `now()` the cursor cannot name, and
 * comparing them with it would hand out the same page again. For a plain column of the list's
 * own table the cursor's row is read back by its id (the last cursor value) for the exact value;
 * the milliseconds stand when that row is gone.
 */
function exactTimestamp(qb: SelectQueryBuilder<any>, spec: ListSpec, column: string) {
  const alias = qb.alias;
  const table = qb.expressionMap.mainAlias?.hasMetadata ? qb.expressionMap.mainAlias.metadata.tablePath : null;
  const own = new RegExp(`^${alias}\\.[a-z_]+$`);
  if (!table || !own.test(column) || spec.idColumn !== `${alias}.id`) return null;
  return (param: string, lastParam: string) =>
    `COALESCE((SELECT ${column} FROM "${table}" ${alias} WHERE ${alias}.id = ${lastParam}::uuid), ${param}::timestamptz)`;
}

function parseSort(sort: string | undefined, spec: ListSpec, qb: SelectQueryBuilder<any>) {
  const parts = (sort ?? spec.defaultSort)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.map((part) => {
    const descending = part.startsWith('-');
    const key = descending ? part.slice(1) : part;
    const sortKey = spec.sorts[key];
    if (!sortKey)
      throw invalid('sort', 'UNKNOWN_SORT', `Cannot sort by "${key}"; allowed: ${Object.keys(spec.sorts).join(', ')}`);
    sortKey.use?.();
    // Infinity past every value, on the side the direction reaches last, keeps NULLs out of the keyset comparison.
    const last = (sql: string) =>
      sortKey.nullsLast ? `COALESCE(${sql}, '${descending ? '-' : ''}infinity'::${sortKey.type})` : sql;
    const exact = sortKey.type === 'timestamptz' && !sortKey.fromCursor && exactTimestamp(qb, spec, sortKey.column);
    return {
      ...sortKey,
      column: last(sortKey.column),
      atCursor: (param: string, lastParam: string) =>
        last(
          exact
            ? exact(param, lastParam)
            : (sortKey.fromCursor?.(param) ?? `${param}${sortKey.type ? `::${sortKey.type}` : ''}`),
        ),
      descending,
    };
  });
}

let seq = 0;

const VALUE_CHECKS: Partial<Record<NonNullable<FilterSpec['type']>, [(v: string) => boolean, string]>> = {
  uuid: [isUuid, 'one or more UUIDs'],
  boolean: [(v) => v === 'true' || v === 'false', 'true or false'],
  numeric: [(v) => v.trim() !== '' && Number.isFinite(Number(v)), 'a number'],
};

/** A filter value of the wrong kind is the client's mistake: say which filter, rather than fail in SQL. */
function checkFilterValues(key: string, value: FilterValue, type: FilterSpec['type']) {
  const check = type && VALUE_CHECKS[type];
  if (!check) return;
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : Object.values(value ?? {});
  if (!values.length || !values.every((v) => typeof v === 'string' && check[0](v))) {
    throw invalid(
      `filter[${key}]`,
      type === 'uuid' ? 'INVALID_ID' : 'INVALID_FILTER',
      `filter[${key}] must be ${check[1]}`,
    );
  }
}

export function applyFilters<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter: Record<string, unknown> | undefined,
  spec: ListSpec,
) {
  for (const [key, raw] of Object.entries(filter ?? {})) {
    const filterSpec = spec.filters?.[key];
    if (!filterSpec) throw invalid(`filter[${key}]`, 'UNKNOWN_FILTER', `Cannot filter by "${key}"`);
    const value = raw as FilterValue;
    const param = `f${++seq % 1_000_000}`;
    if (filterSpec.apply) {
      filterSpec.apply(qb, value, param);
      continue;
    }
    const cast = filterSpec.type ? `::${filterSpec.type}` : '';
    const column = filterSpec.column!;
    checkFilterValues(key, value, filterSpec.type);
    if (typeof value === 'string') qb.andWhere(`${column} = :${param}${cast}`, { [param]: value });
    // Untyped filters compare as text: the list arrives as text[] either way.
    else if (Array.isArray(value)) qb.andWhere(`${column} = ANY(:${param}${cast || '::text'}[])`, { [param]: value });
    else if (value && typeof value === 'object') {
      const ops = { gte: '>=', lte: '<=', gt: '>', lt: '<' } as const;
      for (const [op, bound] of Object.entries(value)) {
        if (!(op in ops) || typeof bound !== 'string')
          throw invalid(`filter[${key}]`, 'INVALID_FILTER', `Use filter[${key}][gte|lte|gt|lt]=value`);
        qb.andWhere(`${column} ${ops[op as keyof typeof ops]} :${param}${op}${cast}`, { [`${param}${op}`]: bound });
      }
    }
  }
  return qb;
}

/**
 * Keyset paging (no OFFSET) over any query builder: filters, sort and cursor from the
 * request, a total computed over the same (already access-restricted) query.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQueryDto,
  spec: ListSpec,
): Promise<Page<T>> {
  applyFilters(qb, query.filter, spec);
  const counted = qb.clone();
  const sorts = [
    ...parseSort(query.sort, spec, qb),
    {
      column: spec.idColumn,
      value: (r: any) => r.id,
      type: 'uuid' as const,
      atCursor: (param: string) => `${param}::uuid`,
      descending: false,
    },
  ];
  sorts[sorts.length - 1].descending = sorts[0].descending;
  const limit = query.limit ?? 50;

  const cursor = query.cursor ? decodeCursor(query.cursor, sorts.length) : undefined;
  if (cursor) {
    const values = cursor.k;
    const params: Record<string, unknown> = Object.fromEntries(values.map((v, i) => [`k${i}`, v]));
    const key = (i: number) => sorts[i].atCursor(`:k${i}`, `:k${sorts.length - 1}`);
    if (sorts.every((s) => s.descending === sorts[0].descending)) {
      // One direction: a row comparison, which PostgreSQL starts an index scan at (deep pages stay cheap).
      const columns = sorts.map((s) => s.column).join(', ');
      qb.andWhere(
        `(${columns}) ${sorts[0].descending ? '<' : '>'} (${sorts.map((_s, i) => key(i)).join(', ')})`,
        params,
      );
    } else {
      const clauses = sorts.map((sort, i) => {
        const equal = sorts.slice(0, i).map((s, j) => `${s.column} = ${key(j)}`);
        return `(${[...equal, `${sort.column} ${sort.descending ? '<' : '>'} ${key(i)}`].join(' AND ')})`;
      });
      qb.andWhere(`(${clauses.join(' OR ')})`, params);
    }
  }
  sorts.forEach((sort, i) =>
    (i === 0 ? qb.orderBy : qb.addOrderBy).call(qb, sort.column, sort.descending ? 'DESC' : 'ASC'),
  );
  qb.take(undefined).limit(limit + 1);

  const [rows, total] = await pageAndTotal(qb, counted, spec, limit, cursor);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({
          k: sorts.map((s) => normalise(s.value(last))),
          t: total.total,
          ...(total.totalIsEstimate ? { e: true } : {}),
        })
      : null;
  return { items, nextCursor, ...total };
}

type Total = { total: number; totalIsEstimate?: boolean };

/** Later pages show the total counted for the first, carried in the cursor. */
const cursorTotal = (cursor: Cursor): Total => ({ total: cursor.t, ...(cursor.e ? { totalIsEstimate: true } : {}) });

async function pageAndTotal<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  counted: SelectQueryBuilder<T>,
  spec: ListSpec,
  limit: number,
  cursor?: Cursor,
): Promise<[T[], Total]> {
  if (spec.checkAfterSort) return checkedAfterSort(qb, spec, spec.checkAfterSort, limit, cursor);
  if (cursor) return [await qb.getMany(), cursorTotal(cursor)];
  return Promise.all([qb.getMany(), countOf(counted, spec.exactTotalLimit ?? EXACT_TOTAL_LIMIT, spec.estimateTotal)]);
}

/** How many of the sorted candidates the first try checks, per row of the page it must fill. */
const CHECKED_PER_ROW = 2;

/**
 * One statement: the candidates (ids and sort values) are counted (`candidates`) over the unsorted
 * rows, then only the first ones in sort order are kept (a bounded sort, far cheaper than
 * sorting them all) and checked in that order until `limit + 1` pass. While the candidates are
 * few, a subquery counts them again under the check (`checked`); above the cap it never runs.
 * Should the check refuse so many of those that the page stays short while more candidates
 * exist, the statement runs again over all of them. The page's rows are joined by id.
 */
async function checkedAfterSort<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  spec: ListSpec,
  check: NonNullable<ListSpec['checkAfterSort']>,
  limit: number,
  cursor?: Cursor,
  examined: number | null = (limit + 1) * CHECKED_PER_ROW,
): Promise<[T[], Total]> {
  const cap = spec.exactTotalLimit ?? EXACT_TOTAL_LIMIT;
  const orders = Object.entries(qb.expressionMap.orderBys);
  const candidates = qb.clone().select(spec.idColumn, 'id').orderBy().limit(undefined);
  // In parentheses: a bare "c.id" would be taken for the entity's property and selected once, under one alias.
  orders.forEach(([column], i) => candidates.addSelect(`(${column})`, `clientele_sort_${i}`));
  const sorted = orders
    .map(([, order], i) => `l2.clientele_sort_${i} ${typeof order === 'string' ? order : order.order}`)
    .join(', ');
  const [checkCounted, countParams] = check('l1.id');
  const [checkKept, keepParams] = check('l3.id');
  // The first candidate in order comes back even when refused (`passed` false), so the counts always arrive.
  // The exact count is a subquery of its own: PostgreSQL runs it only when the CASE reaches it.
  const carried = orders.map((_o, i) => `l4.clientele_sort_${i}`).join(', ');
  const page = `(SELECT l4.id, l4.candidates, l4.passed, ${carried},
        CASE WHEN l4.candidates <= ${cap} THEN (SELECT count(*) FROM (${candidates.getQuery()}) l1 WHERE ${checkCounted}) END AS checked FROM (
      SELECT l3.*, row_number() OVER () AS position, ${checkKept} AS passed FROM (
        SELECT l2.* FROM (SELECT l0.*, count(*) OVER () AS candidates FROM (${candidates.getQuery()}) l0) l2
         ORDER BY ${sorted}${examined === null ? '' : ` LIMIT ${examined}`}) l3) l4
     WHERE l4.passed OR l4.position = 1 LIMIT ${limit + 2})`;
  const { entities, raw } = await qb.connection
    .createQueryBuilder<T>(qb.expressionMap.mainAlias!.target, qb.alias)
    .innerJoin(page, 'clientele_page', `clientele_page.id = ${spec.idColumn}`)
    .addSelect('clientele_page.candidates', 'clientele_candidates')
    .addSelect('clientele_page.checked', 'clientele_checked')
    .addSelect('clientele_page.passed', 'clientele_passed')
    // By the values the page carries: a sort value read through a join of the list is not in this query.
    .orderBy(Object.fromEntries(orders.map(([, order], i) => [`clientele_page.clientele_sort_${i}`, order])))
    .setParameters({ ...candidates.getParameters(), ...countParams, ...keepParams })
    .getRawAndEntities();
  // One raw row per entity: the page joins each candidate once.
  const rows = entities.filter((_row, i) => raw[i].clientele_passed).slice(0, limit + 1);
  const found = raw.length ? Number(raw[0].clientele_candidates) : 0;
  if (rows.length <= limit && examined !== null && found > examined) {
    // The check refused so many of the first candidates that the page stays short: check them all.
    return checkedAfterSort(qb, spec, check, limit, cursor, null);
  }
  if (cursor) return [rows, cursorTotal(cursor)];
  if (rows.length <= limit) return [rows, { total: rows.length }];
  return [rows, found <= cap ? { total: Number(raw[0].clientele_checked) } : { total: found, totalIsEstimate: true }];
}

const normalise = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

async function countOf(
  qb: SelectQueryBuilder<any>,
  exactLimit: number,
  estimateTotal?: () => Promise<number>,
): Promise<Total> {
  const [sql, params] = qb.orderBy().select('1').getQueryAndParameters();
  const [{ count }] = await qb.connection.query(
    `SELECT count(*)::int AS count FROM (${sql} LIMIT ${exactLimit + 1}) AS counted`,
    params,
  );
  if (count <= exactLimit) return { total: count };
  const estimate = estimateTotal ? await estimateTotal() : await explainedRows(qb, sql, params);
  return { total: Math.max(estimate, count), totalIsEstimate: true };
}

/** The planner's estimate of how many rows a query returns (no rows are read). */
export function plannerRows(qb: SelectQueryBuilder<any>): Promise<number> {
  const [sql, params] = qb.orderBy().select('1').getQueryAndParameters();
  return explainedRows(qb, sql, params);
}

async function explainedRows(qb: SelectQueryBuilder<any>, sql: string, params: unknown[]) {
  const [plan] = await qb.connection.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  return Math.round(plan['QUERY PLAN'][0].Plan['Plan Rows']);
}

/** A search term as a literal inside a LIKE pattern: `%`, `_` and `\` match only themselves. */
export const escapeLike = (term: string) => term.replace(/[\\%_]/g, '\\$&');
