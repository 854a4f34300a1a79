import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessReach, AccessService, CustomFieldsService, FilterSpec, ListQueryDto, ListSpec, ParentScope, RequestContext, applyFilters, customValueCondition, paginate, plannerRows,
} from '@clientele/core';
import { CUSTOMER_DELETE, CUSTOMER_READ, CUSTOMER_TYPE } from './constants.js';
import { Customer } from './entities/customer.entity.js';
import { CustomerView } from './customer-view.js';
import { CustomerMatch, MAX_WORDS, SearchPattern, customerMatch } from './customer-match.js';

/** Customers hang directly below address books, which are few: the access check narrows by them (docs/contacts.md). */
const ADDRESS_BOOKS: ParentScope = { nodes: 'SELECT id FROM contacts_address_books' };
/** The typo-tolerant fallback: how alike (pg_trgm word similarity) a name must be, and how many it returns. */
const FUZZY_THRESHOLD = 0.45;


/**
 * `GET /api/customers`: the cheap, index-served matches first — customer number (exact and
 * prefix), any identifier in `search_terms` (e-mail, phone in E.164, tax ID), name words as
 * substrings of the normalised name (trigram GIN; a one- or two-letter query is a prefix on
 * the btree) — all ANDed with the access condition and keyset-paged. Only when that finds
 * nothing does the ranked, typo-tolerant similarity search run, bounded to one page.
 */
@Injectable()
export class CustomerSearch {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly customFields: CustomFieldsService,
    private readonly view: CustomerView,
  ) {}

  async list(ctx: RequestContext, query: ListQueryDto) {
    const q = query.q?.trim();
    const [spec, parameters, pattern, reach] = await Promise.all([
      this.spec(query),
      this.view.visibleParameters(ctx),
      q ? this.pattern(q) : undefined,
      query.deleted ? undefined : this.access.reach(ctx, CUSTOMER_READ, ADDRESS_BOOKS),
    ]);
    const match = q && pattern ? customerMatch(q, pattern, reach) : undefined;
    const page = match && reach
      // A search collects and sorts its index-found candidates anyway: the access check then runs on them in order, only until the page is full.
      ? await paginate(this.base(ctx, query, reach, match, this.db.manager, false), query, { ...spec, checkAfterSort: (id) => reach.check(id) })
      // A list counts up to the cap, then estimates from the narrowing alone (nearly every narrowed row passes the check).
      : await paginate(this.base(ctx, query, reach, match), query, {
          ...spec,
          estimateTotal: reach ? () => plannerRows(applyFilters(this.base(ctx, query, reach, match, this.db.manager, false), query.filter, spec)) : undefined,
        });
    if (page.items.length === 0 && pattern && !query.cursor && pattern.normalized.length >= 3) {
      const fuzzy = await this.fuzzy(ctx, query, reach, pattern.normalized, spec);
      return { items: fuzzy.map((c) => this.view.row(c, parameters)), nextCursor: null, total: fuzzy.length, fuzzy: true };
    }
    return { ...page, items: page.items.map((c) => this.view.row(c, parameters)) };
  }

  /**
   * Live customers are narrowed by address book first — the books where the caller reaches
   * customers, plus customers granted one by one — so the indexes that lead with the address
   * book return only candidates the caller may see; the exact per-row check stays on those.
   */
  private base(ctx: RequestContext, query: ListQueryDto, reach: AccessReach | undefined, match?: CustomerMatch, manager: EntityManager = this.db.manager, checked = true) {
    const qb = manager.getRepository(Customer).createQueryBuilder('c');
    if (!reach) {
      // Deleted customers sit on disabled nodes: shown to those who may delete (and so restore) in their address book.
      this.access.restrict(qb, 'c.address_book_id', CUSTOMER_DELETE, ctx);
      qb.andWhere(query.deleted === 'only' ? 'c.deleted_at IS NOT NULL' : 'TRUE');
      const [live, params] = this.access.condition('c.id', CUSTOMER_READ, ctx);
      if (query.deleted === 'include') qb.andWhere(`(c.deleted_at IS NOT NULL OR ${live})`, params);
    } else {
      const book = match?.bookColumn ?? 'c.address_book_id';
      const [visible, params] = checked ? reach.condition('c.id', book) : reach.narrowing('c.id', book);
      qb.andWhere('c.deleted_at IS NULL').andWhere(visible, params);
    }
    match?.apply(qb);
    return qb;
  }

  /** `q` normalised exactly as the stored names are, and the trigrams every name containing its words has. */
  private async pattern(q: string): Promise<SearchPattern> {
    const [row] = await this.db.query(
      `SELECT n AS normalized, contacts_pattern_grams((regexp_split_to_array(n, ' '))[1:${MAX_WORDS}]) AS grams
         FROM (SELECT btrim(regexp_replace(clientele_normalize($1), '\\s+', ' ', 'g')) AS n) s`,
      [q],
    );
    return row;
  }

  /** Names alike despite typos ("dvorzak" → "Dvořák"), best first; one page, no cursor. */
  private async fuzzy(ctx: RequestContext, query: ListQueryDto, reach: AccessReach | undefined, normalized: string, spec: ListSpec) {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(FUZZY_THRESHOLD)]);
      const qb = this.base(ctx, query, reach, { apply: (q) => q.andWhere(`:qFuzzy <% c.name_normalized`, { qFuzzy: normalized }) }, m);
      applyFilters(qb, query.filter, spec);
      return qb
        .orderBy(`word_similarity(:qFuzzy, c.name_normalized)`, 'DESC')
        .addOrderBy('c.id', 'ASC')
        .limit(query.limit ?? 50)
        .getMany();
    });
  }

  /** The list spec: sorts, and filters including one per support parameter and custom variable (read only when the query filters by them). */
  private async spec(query: ListQueryDto): Promise<ListSpec> {
    const filters: Record<string, FilterSpec> = {
      addressBook: { column: 'c.addressBookId', type: 'uuid' },
      accountManager: { column: 'c.accountManagerId', type: 'uuid' },
      supportSpecialist: { column: 'c.supportSpecialistId', type: 'uuid' },
      legalForm: { column: 'c.legalForm' },
      createdAt: { column: 'c.createdAt', type: 'timestamptz' },
      state: {
        apply: (qb, value, param) =>
          qb.andWhere(`c.state_id IN (SELECT s.id FROM contacts_customer_states s WHERE s.code = ANY(:${param}::text[]))`, { [param]: [value].flat() }),
      },
    };
    const keys = Object.keys(query.filter ?? {});
    const [parameters, definitions] = await Promise.all([
      keys.some((k) => k.startsWith('support.')) ? this.db.query(`SELECT code FROM contacts_support_parameters`) : [],
      keys.some((k) => k.startsWith('custom.')) ? this.customFields.definitions(CUSTOMER_TYPE) : [],
    ]);
    for (const { code } of parameters as { code: string }[]) {
      filters[`support.${code}`] = {
        apply: (qb, value, param) => qb.andWhere(`c.support_values @> :${param}::jsonb`, { [param]: JSON.stringify({ [code]: { value: String(value) } }) }),
      };
    }
    for (const definition of definitions) {
      filters[`custom.${definition.key}`] = {
        apply: (qb, value, param) => {
          const [condition, params] = customValueCondition('c.custom_fields', definition, String(value), param);
          qb.andWhere(condition, params);
        },
      };
    }
    return {
      sorts: {
        name: { column: 'c.name_normalized', value: (c: Customer) => c.nameNormalized, type: 'text' },
        number: { column: 'c.number', value: (c: Customer) => c.number, type: 'text' },
        createdAt: { column: 'c.created_at', value: (c: Customer) => c.createdAt, type: 'timestamptz' },
      },
      defaultSort: 'name',
      idColumn: 'c.id',
      filters,
    };
  }
}
