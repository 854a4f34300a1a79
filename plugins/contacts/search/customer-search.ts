import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AccessReach,
  AccessService,
  CustomFieldsService,
  FilterSpec,
  ListQueryDto,
  ListSpec,
  ParentScope,
  SortKey,
  RequestContext,
  applyFilters,
  customValueCondition,
  paginate,
  plannerRows,
} from '@clientele/core';
import { CUSTOMER_DELETE, CUSTOMER_READ, CUSTOMER_TYPE } from '../constants.js';
import { Customer } from '../entities/customer.entity.js';
import { CustomerView } from '../customers/customer-view.js';
import { CustomerListExtensions } from './customer-list-extensions.js';
import { CustomerMatch, MAX_WORDS, SearchPattern, customerMatch, identifierTerms } from './customer-match.js';

/** Customers hang directly below address books, which are few: the access check narrows by them (docs/contacts.md). */
const ADDRESS_BOOKS: ParentScope = { nodes: 'SELECT id FROM contacts_address_books' };
/** The typo-tolerant fallback: how alike (pg_trgm word similarity) a word of a name must be to a typed word, and how many such words are tried. */
const FUZZY_THRESHOLD = 0.45;
const FUZZY_SPELLINGS = 5;
const FUZZY_MARGIN = 0.1;
/** The typo fallback shows one page; counting every name it found under the access check would cost more than finding them. */
const FUZZY_EXACT_TOTAL = 100;

/** The words of a normalised `q` that a name must contain. */
const words = (normalized: string) => normalized.split(' ').filter(Boolean).slice(0, MAX_WORDS);

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
    private readonly extensions: CustomerListExtensions,
  ) {}

  async list(ctx: RequestContext, query: ListQueryDto) {
    const q = query.q?.trim();
    const [spec, parameters, pattern, reach] = await Promise.all([
      this.spec(query, ctx),
      this.view.visibleParameters(ctx),
      q ? this.pattern(q) : undefined,
      query.deleted ? undefined : this.access.reach(ctx, CUSTOMER_READ, ADDRESS_BOOKS),
    ]);
    const match = q && pattern ? customerMatch(pattern, reach, q) : undefined;
    const fuzzy = () => this.fuzzy(ctx, query, reach, pattern!.normalized, spec);
    const typoFallback = !!pattern && !query.cursor && pattern.normalized.length >= 3;
    // A word no name contains and no identifier in `q`: the typo fallback will be needed, so it runs alongside.
    const early = typoFallback && pattern.misspelt && !identifierTerms(q!).length ? fuzzy() : undefined;
    early?.catch(() => {});
    const page = await this.page(ctx, query, spec, reach, match);
    if (page.items.length === 0 && typoFallback) {
      const found = await (early ?? fuzzy());
      return {
        ...found,
        items: await this.extensions.decorate(
          found.items.map((c) => this.view.row(c, parameters)),
          ctx,
        ),
        nextCursor: null,
        fuzzy: true,
      };
    }
    return {
      ...page,
      items: await this.extensions.decorate(
        page.items.map((c) => this.view.row(c, parameters)),
        ctx,
      ),
    };
  }

  private page(
    ctx: RequestContext,
    query: ListQueryDto,
    spec: ListSpec,
    reach: AccessReach | undefined,
    match: CustomerMatch | undefined,
  ) {
    // A search collects and sorts its index-found candidates anyway: the access check then runs on them in order, only until the page is full.
    if (match && reach)
      return paginate(this.base(ctx, query, reach, match, false), query, {
        ...spec,
        checkAfterSort: (id) => reach.check(id),
      });
    // A list counts up to the cap, then estimates from the narrowing alone (nearly every narrowed row passes the check).
    const estimate = () => plannerRows(applyFilters(this.base(ctx, query, reach, match, false), query.filter, spec));
    // A selective contributed filter (one lowering the cap) nearly always ends in the estimate: planned beside the page and the count, not after them.
    const early = reach && !query.cursor && this.extensions.exactTotalLimit(query.filter) ? estimate() : undefined;
    early?.catch(() => {});
    return paginate(this.base(ctx, query, reach, match), query, {
      ...spec,
      estimateTotal: reach ? () => early ?? estimate() : undefined,
    });
  }

  /**
   * Live customers are narrowed by address book first — the books where the caller reaches
   * customers, plus customers granted one by one — so the indexes that lead with the address
   * book return only candidates the caller may see; the exact per-row check stays on those.
   */
  private base(
    ctx: RequestContext,
    query: ListQueryDto,
    reach: AccessReach | undefined,
    match?: CustomerMatch,
    checked = true,
  ) {
    const qb = this.db.getRepository(Customer).createQueryBuilder('c');
    if (!reach) {
      // Deleted customers sit on disabled nodes: shown to those who may delete (and so restore) in their address book.
      this.access.restrict(qb, 'c.address_book_id', CUSTOMER_DELETE, ctx);
      qb.andWhere(query.deleted === 'only' ? 'c.deleted_at IS NOT NULL' : 'TRUE');
      const [live, params] = this.access.condition('c.id', CUSTOMER_READ, ctx);
      if (query.deleted === 'include') qb.andWhere(`(c.deleted_at IS NOT NULL OR ${live})`, params);
    } else {
      const options = { parentIndexed: match?.bookIndexed ?? true };
      const [visible, params] = checked
        ? reach.condition('c.id', 'c.address_book_id', options)
        : reach.narrowing('c.id', 'c.address_book_id', options);
      qb.andWhere('c.deleted_at IS NULL').andWhere(visible, params);
    }
    match?.apply(qb);
    return qb;
  }

  /**
   * `q` normalised exactly as the stored names are, its words, the trigrams every name containing
   * them has, and whether a word (three letters or more) occurs in no word of any name — a typo,
   * or not a name at all. (A `%` or `_` typed only makes a word look known.)
   */
  private async pattern(q: string): Promise<SearchPattern & { misspelt: boolean }> {
    const [{ normalized, grams, misspelt }] = await this.db.query(
      `SELECT n AS normalized, contacts_pattern_grams(w) AS grams,
              EXISTS (SELECT 1 FROM unnest(w) AS t(typed) WHERE length(typed) >= 3
                         AND NOT EXISTS (SELECT 1 FROM contacts_name_words d WHERE d.word LIKE '%' || typed || '%' ESCAPE '')) AS misspelt
         FROM (SELECT n, (regexp_split_to_array(n, ' '))[1:${MAX_WORDS}] AS w
                 FROM (SELECT btrim(regexp_replace(clientele_normalize($1), '\\s+', ' ', 'g')) AS n) s) s`,
      [q],
    );
    return { normalized, words: words(normalized).map((word) => [word]), grams: grams.length ? [grams] : [], misspelt };
  }

  /**
   * Names alike despite typos ("dvorzak" → "Dvořák"): each word of `q` is looked up among the
   * words names are made of (`contacts_name_words`, pg_trgm word similarity), and the names
   * containing, for every word, one of its nearest spellings are searched like an exact `q` —
   * best first, one page, no cursor.
   */
  private async fuzzy(
    ctx: RequestContext,
    query: ListQueryDto,
    reach: AccessReach | undefined,
    normalized: string,
    spec: ListSpec,
  ) {
    const typed = words(normalized);
    const found: { position: number; word: string; similarity: number; grams: string[] }[] = await this.db.query(
      `SELECT typed_position AS position, spelling AS word, spelling_similarity AS similarity, spelling_grams AS grams FROM contacts_nearest_words($1, $2, $3)`,
      [typed, FUZZY_THRESHOLD, FUZZY_SPELLINGS],
    );
    // Per typed word its nearest spellings, those about as near as the nearest one (most names found by a farther one would rank below).
    const nearest = typed.map((_word, i) => {
      const all = found.filter((f) => f.position === i + 1);
      return all.filter((f) => f.similarity >= all[0].similarity - FUZZY_MARGIN);
    });
    // Words too short to compare stay as typed; a longer word nothing resembles matches no name.
    const spellings = typed.map((word, i) => (word.length < 3 ? [word] : nearest[i].map((f) => f.word)));
    if (spellings.some((s) => !s.length)) return { items: [], total: 0 };
    const longest = typed.reduce((best, word, i) => (word.length > typed[best].length ? i : best), 0);
    const grams = nearest[longest].map((f) => f.grams);
    const match = customerMatch({ normalized, words: spellings, grams }, reach);
    // A name scores the similarity of the nearest spelling it contains, summed over the typed words (a word kept as typed counts 1).
    const score = match.contains
      .map(
        (likes, i) =>
          `CASE ${likes.map((like, j) => `WHEN ${like} THEN ${nearest[i][j]?.similarity.toFixed(4) ?? 1}`).join(' ')} ELSE 0 END`,
      )
      .join(' + ');
    // Best first, equally near names newest first. One page, so the score never goes into a cursor; the exact total is counted up to 100.
    const ranking: SortKey = { column: score, value: () => null };
    const rankedSpec: ListSpec = {
      ...spec,
      sorts: { ranking },
      defaultSort: 'ranking',
      exactTotalLimit: FUZZY_EXACT_TOTAL,
    };
    return this.page(ctx, { ...query, sort: '-ranking', cursor: undefined }, rankedSpec, reach, match);
  }

  /**
   * The list spec: sorts, and filters including one per support parameter and custom variable
   * (read only when the query filters by them) and those other plugins contribute.
   */
  private async spec(query: ListQueryDto, ctx: RequestContext): Promise<ListSpec> {
    const filters: Record<string, FilterSpec> = {
      addressBook: { column: 'c.addressBookId', type: 'uuid' },
      accountManager: { column: 'c.accountManagerId', type: 'uuid' },
      supportSpecialist: { column: 'c.supportSpecialistId', type: 'uuid' },
      legalForm: { column: 'c.legalForm' },
      createdAt: { column: 'c.createdAt', type: 'timestamptz' },
      state: {
        apply: (qb, value, param) =>
          qb.andWhere(
            `c.state_id IN (SELECT s.id FROM contacts_customer_states s WHERE s.code = ANY(:${param}::text[]))`,
            { [param]: [value].flat() },
          ),
      },
    };
    const keys = Object.keys(query.filter ?? {});
    const [parameters, definitions, contributed] = await Promise.all([
      keys.some((k) => k.startsWith('support.')) ? this.db.query(`SELECT code FROM contacts_support_parameters`) : [],
      keys.some((k) => k.startsWith('custom.')) ? this.customFields.definitions(CUSTOMER_TYPE) : [],
      this.extensions.filterSpecs(query.filter, ctx),
    ]);
    Object.assign(filters, contributed);
    for (const { code } of parameters as { code: string }[]) {
      filters[`support.${code}`] = {
        apply: (qb, value, param) =>
          qb.andWhere(`c.support_values @> :${param}::jsonb`, {
            [param]: JSON.stringify({ [code]: { value: String(value) } }),
          }),
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
      exactTotalLimit: this.extensions.exactTotalLimit(query.filter),
    };
  }
}
