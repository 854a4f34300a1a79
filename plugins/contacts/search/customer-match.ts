import type { SelectQueryBuilder } from 'typeorm';
import { AccessReach, escapeLike } from '@clientele/core';
import type { Customer } from '../entities/customer.entity.js';
import { normalizePhone } from '../validation/phone.js';

/** Only the first words of `q` must each occur in the name. */
export const MAX_WORDS = 5;
/** Up to this many address books, one small index scan per book beats one scan over the trigrams of every book. */
const MAX_GRAM_BOOKS = 16;

/** What a name must contain to match `q`. */
export interface SearchPattern {
  /** `q` as names are stored. */
  normalized: string;
  /** Per word of `q`, the spellings a matching name contains it in: the word as typed, or for the typo fallback the nearest words names have. */
  words: string[][];
  /** Sets of trigrams (migration 0004): every matching name has all trigrams of at least one set. */
  grams: string[][];
}

/** What `q` adds to the customer list, and how the access narrowing must name the address book. */
export interface CustomerMatch {
  apply(qb: SelectQueryBuilder<Customer>): void;
  /** False when the match's own index narrows by address book (see `ParentOptions`). */
  bookIndexed?: boolean;
  /** Per word of `q`, per spelling: the condition that the name contains it (its parameters come with `apply`). */
  contains: string[][];
}

/**
 * `GET /api/customers?q=`: the customer number (exact and prefix), any identifier in
 * `search_terms` (e-mail, phone in E.164, tax ID) — both only when `q` is given, the typo
 * fallback matches names alone —, and the name words as substrings of the normalised name
 * (a one- or two-letter query is a prefix on the btree).
 *
 * For a caller narrowed to a few address books, names are found through the trigrams keyed by
 * book (`contacts_name_grams`): one small GIN scan per book, the customers granted one by one
 * by their id, and the name itself checked on the rows found. The condition is written as
 * "(identifier OR candidate) AND (identifier OR name)" so the planner sees the first half as
 * exactly what its indexes answered and does not recompute the trigrams per row.
 */
export function customerMatch(pattern: SearchPattern, reach: AccessReach | undefined, q?: string): CustomerMatch {
  const params: Record<string, unknown> = {};
  const identifiers: string[] = [];
  if (q !== undefined && /^[A-Za-z0-9._/-]{1,30}$/.test(q)) {
    // Exact and prefix as one range (the column is COLLATE "C"): the index condition is then the condition itself.
    identifiers.push(`(c.number >= :qNumber AND c.number < :qNumberEnd)`);
    Object.assign(params, { qNumber: q, qNumberEnd: `${q}\u{10FFFF}` });
  }
  const terms = q === undefined ? [] : identifierTerms(q);
  if (terms.length) {
    identifiers.push(`c.search_terms && :qTerms::text[]`);
    params.qTerms = terms;
  }
  const { normalized } = pattern;
  let name: string;
  let contains: string[][] = [];
  if (normalized.length < 3) {
    name = `c.name_normalized LIKE :qNamePrefix`;
    params.qNamePrefix = `${escapeLike(normalized)}%`;
  } else {
    const like = (spelling: string, key: string) => {
      params[key] = `%${escapeLike(spelling)}%`;
      return `c.name_normalized LIKE :${key}`;
    };
    contains = pattern.words.map((spellings, i) => spellings.map((spelling, j) => like(spelling, `qWord${i}_${j}`)));
    // One LIKE per spelling, ORed: the trigram index serves LIKE, not LIKE ANY.
    name = `(${contains.map((likes) => `(${likes.join(' OR ')})`).join(' AND ')})`;
  }
  // The name first: it is what most rows found match, and OR stops at the first true arm.
  const matches = `(${[name, ...identifiers].join(' OR ')})`;
  const candidates = nameCandidates(pattern.grams, reach, params);
  if (!candidates) return { contains, apply: (qb) => qb.andWhere(matches, params) };
  return {
    contains,
    // The trigrams already carry the book.
    bookIndexed: false,
    apply: (qb) => qb.andWhere(`(${[...identifiers, ...candidates].join(' OR ')})`, params).andWhere(matches, params),
  };
}

/** Index conditions finding every customer whose name may match, in the books the caller reaches; null when not worth it. */
function nameCandidates(
  gramSets: string[][],
  reach: AccessReach | undefined,
  params: Record<string, unknown>,
): string[] | null {
  const scope = reach?.scope();
  if (
    !gramSets.length ||
    gramSets.some((grams) => !grams.length) ||
    !scope ||
    scope === 'all' ||
    scope.parents.length > MAX_GRAM_BOOKS
  )
    return null;
  const arms = scope.parents.flatMap((book, i) =>
    gramSets.map((grams, j) => {
      // The book's code in contacts_name_grams: the last 8 hex digits of its id.
      params[`qGrams${i}_${j}`] = grams.map((gram) => book.slice(-8).toLowerCase() + gram);
      return `contacts_name_grams(c.address_book_id, c.name_normalized) @> :qGrams${i}_${j}::text[]`;
    }),
  );
  if (scope.finer.length) {
    arms.push(`c.id = ANY(:qFiner::uuid[])`);
    params.qFiner = scope.finer;
  }
  return arms.length ? arms : ['false'];
}

/** What `q` could be as an identifier: an e-mail, a phone number in any format, a tax ID. */
export function identifierTerms(q: string): string[] {
  const terms = new Set<string>();
  if (q.includes('@')) terms.add(q.toLowerCase());
  if ((q.match(/\d/g) ?? []).length >= 6) {
    const phone = normalizePhone(q);
    if (phone) terms.add(phone);
    const compact = q.replace(/[\s/-]/g, '').toUpperCase();
    if (/^[A-Z]{0,2}\d+$/.test(compact)) terms.add(compact);
  }
  return [...terms];
}
