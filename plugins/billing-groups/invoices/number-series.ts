import type { EntityManager } from 'typeorm';
import { invalid, refused } from '@clientele/core';

const TOKEN = /\{(YYYY|YY|MM|seq:(\d{1,2}))\}/g;
const LITERAL = /^[A-Za-z0-9/_.-]*$/;

/**
 * Checks an invoice number pattern: literal letters, digits and `/ _ . -`, the date parts
 * `{YYYY}`, `{YY}`, `{MM}` and exactly one `{seq:N}` (the counter padded to N digits, 1–12).
 */
export function checkPattern(pattern: string, field = 'numberPattern') {
  const sequences = [...pattern.matchAll(TOKEN)].filter((m) => m[2] !== undefined);
  if (sequences.length !== 1) throw invalid(field, 'INVALID_PATTERN', 'The pattern needs exactly one {seq:N}');
  const width = Number(sequences[0][2]);
  if (width < 1 || width > 12) throw invalid(field, 'INVALID_PATTERN', '{seq:N} takes N from 1 to 12');
  if (!LITERAL.test(pattern.replace(TOKEN, ''))) {
    throw invalid(
      field,
      'INVALID_PATTERN',
      'Besides {YYYY}, {YY}, {MM} and {seq:N} a pattern holds only letters, digits and / _ . -',
    );
  }
}

/** The period a counter runs in: a month when the number shows the month, a year when it shows the year, else one forever. */
export function periodOf(pattern: string, issuedOn: string): string {
  if (pattern.includes('{MM}')) return issuedOn.slice(0, 7);
  if (pattern.includes('{YYYY}') || pattern.includes('{YY}')) return issuedOn.slice(0, 4);
  return 'all';
}

/** The number for the `sequence`-th invoice of its period; refused when it outgrows its digits. */
export function formatNumber(pattern: string, issuedOn: string, sequence: number): string {
  return pattern.replace(TOKEN, (_token, part: string, width?: string) => {
    if (part === 'YYYY') return issuedOn.slice(0, 4);
    if (part === 'YY') return issuedOn.slice(2, 4);
    if (part === 'MM') return issuedOn.slice(5, 7);
    const digits = String(sequence);
    if (digits.length > Number(width))
      throw refused(
        'SERIES_EXHAUSTED',
        `The number series ${pattern} has no ${digits.length}-digit numbers left in this period`,
      );
    return digits.padStart(Number(width), '0');
  });
}

/**
 * Takes the next number of a group's series in the caller's transaction. The counter row stays
 * locked until that transaction ends, so parallel issuers in the same series wait in turn, and
 * a rollback returns the number: no gap, no duplicate (the invoices' unique keys back this).
 */
export async function takeNumber(
  manager: EntityManager,
  group: { id: string; numberPattern: string },
  issuedOn: string,
) {
  const period = periodOf(group.numberPattern, issuedOn);
  const [{ last_value: sequence }] = await manager.query(
    `INSERT INTO billing_number_counters (group_id, period, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (group_id, period) DO UPDATE SET last_value = billing_number_counters.last_value + 1
     RETURNING last_value`,
    [group.id, period],
  );
  return { period, sequence: sequence as number, number: formatNumber(group.numberPattern, issuedOn, sequence) };
}
