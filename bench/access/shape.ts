import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';

/**
 * The shape of the generated access tree. Every level's size divides the next one's, so a
 * node's ancestors follow from its number alone (ancestor at level k of node i is i mod size[k])
 * and paths can be written in one set-based INSERT per level, without joins.
 */
export const LEVEL_KINDS = ['region', 'address_book', 'customer', 'consumer', 'service'] as const;

export function levelSizes(totalNodes: number): number[] {
  const upper = [10, 100, 1_000, 10_000];
  const last = totalNodes - upper.reduce((a, b) => a + b, 0);
  if (last < upper[3]) throw new Error(`Need at least ${upper.reduce((a, b) => a + b, 0) + upper[3]} nodes`);
  return [...upper, last];
}

/** The id of node `i` of `level` (1-based level), identical in SQL: md5(level || ':' || i)::uuid. */
export function nodeId(level: number, i: number): string {
  const h = createHash('md5').update(`${level}:${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Text casts keep the expression immutable, so PostgreSQL inlines the helper function instead of calling it per row.
export const nodeIdSql = (level: string, i: string) => `md5(${level}::text || ':' || ${i}::text)::uuid`;

export const READ = 'bench.customer.read';
export const OTHER_PERMISSIONS = [
  'bench.customer.write',
  'bench.service.read',
  'bench.service.write',
  'bench.invoice.read',
  'bench.ticket.read',
  'bench.ticket.write',
  'core.history.read',
];

/** Seeded, so a run can be repeated exactly. */
export const prng = (seed: number): (() => number) => seedrandom(String(seed));

/** The node with ordinal `r` (0 .. total-1), counting level by level — bench_node_by_ordinal in SQL. */
export function nodeByOrdinal(sizes: number[], r: number): string {
  let before = 0;
  for (let k = 0; k < sizes.length; k++) {
    if (r < before + sizes[k]) return nodeId(k + 1, r - before);
    before += sizes[k];
  }
  throw new Error(`No node with ordinal ${r}`);
}
